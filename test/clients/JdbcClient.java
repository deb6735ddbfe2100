// The README's examples and every SQLSTATE of cxm through pgJDBC, the driver
// Metabase and other JDBC tools use.
//
// Each README statement (from test/tools/readme_doctest.py --cases, the
// doc-test's own extraction) runs as a PreparedStatement, server-side prepared
// from its first execution (prepareThreshold=1, so results come in binary where
// pgJDBC asks for it), in one connection, in order.  For a statement with a
// shown result, getObject() of every column must be of the Java class pgJDBC is
// documented to give for its PostgreSQL type (TYPES below) and, written back
// the way psql prints it, equal the README.  For a shown error, and for each
// row of test/clients/sqlstates.tsv, the error must be a PSQLException whose
// getSQLState() is the SQLSTATE.
//
// Usage: java -Duser.timezone=UTC -cp /usr/share/java/postgresql.jar JdbcClient.java ROOT CASES_FILE URL USER
// (the password in CXM_CLIENT_PASSWORD).  Prints TAP lines without a plan.
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;

public class JdbcClient {
    // PostgreSQL type (typname, or enum / composite / cxm type) -> the class of getObject().
    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("numeric", BigDecimal.class), Map.entry("int8", Long.class),
            Map.entry("int4", Integer.class), Map.entry("int2", Integer.class),
            Map.entry("float8", Double.class), Map.entry("bool", Boolean.class),
            Map.entry("text", String.class), Map.entry("date", java.sql.Date.class),
            Map.entry("timestamptz", Timestamp.class), Map.entry("interval", PGInterval.class),
            Map.entry("json", PGobject.class), Map.entry("jsonb", PGobject.class),
            Map.entry("enum", String.class), Map.entry("composite", PGobject.class),
            Map.entry("cxm type", PGobject.class));

    static final String DRIVER = "pgJDBC " + org.postgresql.util.DriverInfo.DRIVER_VERSION;
    static final Map<String, TreeSet<String>> seen = new TreeMap<>();
    static final Map<String, String> kinds = new HashMap<>();
    static int failures = 0;
    static Connection conn;

    static void report(boolean ok, String name, List<String> details) {
        System.out.println((ok ? "ok" : "not ok") + " - " + DRIVER + ": " + name);
        if (!ok) {
            failures++;
            for (String d : details) System.out.println("#   " + d);
        }
    }

    static String kindOf(String typeName) throws SQLException {
        String kind = kinds.get(typeName);
        if (kind != null) return kind;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT t.typname, t.typtype, e.typname, n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typname LIKE '\\_%' WHERE t.oid = to_regtype(?)")) {
            ps.setString(1, typeName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String typtype = rs.getString(2);
                if (typtype.equals("e")) kind = "enum";
                else if (typtype.equals("c")) kind = "composite";
                else if (!rs.getString(4).equals("pg_catalog")) kind = "cxm type";
                else if (rs.getString(3) != null) kind = "_" + kindOf(rs.getString(3));
                else kind = rs.getString(1);
            }
        }
        kinds.put(typeName, kind);
        return kind;
    }

    // float8 as PostgreSQL prints it (extra_float_digits 1: shortest exact)
    static String pgFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return 1 / d < 0 ? "-0" : "0";
        String sci = null;
        for (int p = 1; p <= 17; p++) {
            sci = String.format(Locale.ROOT, "%." + (p - 1) + "e", Math.abs(d));
            if (Double.parseDouble(sci) == Math.abs(d)) break;
        }
        String[] parts = sci.split("e");
        String digits = parts[0].replace(".", "");
        int point = Integer.parseInt(parts[1]);
        String text;
        if (point < -4 || point >= 15) {
            text = parts[0] + "e" + (point >= 0 ? "+" : "-") + String.format("%02d", Math.abs(point));
        } else if (point < 0) {
            text = "0." + "0".repeat(-point - 1) + digits;
        } else if (digits.length() > point + 1) {
            text = digits.substring(0, point + 1) + "." + digits.substring(point + 1);
        } else {
            text = digits + "0".repeat(point + 1 - digits.length());
        }
        return (d < 0 ? "-" : "") + text;
    }

    static String pgInterval(PGInterval iv) {
        List<String> parts = new ArrayList<>();
        int[] units = {iv.getYears(), iv.getMonths(), iv.getDays()};
        String[][] names = {{"year", "years"}, {"mon", "mons"}, {"day", "days"}};
        for (int i = 0; i < 3; i++) {
            if (units[i] != 0) parts.add(units[i] + " " + names[i][Math.abs(units[i]) == 1 ? 0 : 1]);
        }
        long micros = Math.round(iv.getSeconds() * 1e6);
        if (iv.getHours() != 0 || iv.getMinutes() != 0 || micros != 0 || parts.isEmpty()) {
            String clock = String.format("%02d:%02d:%02d", iv.getHours(), iv.getMinutes(), micros / 1000000);
            if (micros % 1000000 != 0) clock += String.format(".%06d", micros % 1000000).replaceAll("0+$", "");
            parts.add(clock);
        }
        return String.join(" ", parts);
    }

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static String pgTimestamptz(Timestamp ts) {
        var utc = ts.toInstant().atOffset(ZoneOffset.UTC);
        String text = utc.format(CLOCK);
        if (utc.getNano() != 0) text += String.format(".%06d", utc.getNano() / 1000).replaceAll("0+$", "");
        return text + "+00";
    }

    static String arrayElement(String text) {
        if (text.isEmpty() || text.equalsIgnoreCase("NULL") || text.matches("(?s).*[{},\"\\\\\\s].*")) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return text;
    }

    // a value as psql prints it (unaligned: NULL is empty)
    static String pgText(Object v, String kind) throws SQLException {
        if (v == null) return "";
        if (v instanceof Array) return pgText(((Array) v).getArray(), kind);
        if (v instanceof Object[]) {
            List<String> out = new ArrayList<>();
            for (Object x : (Object[]) v) {
                out.add(x == null ? "NULL" : x instanceof Object[] ? pgText(x, kind) : arrayElement(pgText(x, kind.substring(1))));
            }
            return "{" + String.join(",", out) + "}";
        }
        if (v instanceof Boolean) return (Boolean) v ? "t" : "f";
        if (v instanceof BigDecimal) return ((BigDecimal) v).toPlainString();
        if (v instanceof Double) return pgFloat((Double) v);
        if (v instanceof Timestamp) return pgTimestamptz((Timestamp) v);
        if (v instanceof PGInterval) return pgInterval((PGInterval) v);
        if (v instanceof PGobject) return ((PGobject) v).getValue();
        return v.toString();   // String, Integer, Long, java.sql.Date (yyyy-mm-dd)
    }

    static String typeProblem(Object v, String kind) throws SQLException {
        String element = kind;
        List<Object> values = new ArrayList<>();
        if (kind.startsWith("_")) {
            if (!(v instanceof Array)) return kind + ": " + v.getClass().getName() + ", not java.sql.Array";
            element = kind.substring(1);
            flatten(((Array) v).getArray(), values);
        } else {
            values.add(v);
        }
        Class<?> want = TYPES.get(element);
        if (want == null) return "no expectation for PostgreSQL type " + element;
        for (Object x : values) {
            String name = x.getClass().getName();
            seen.computeIfAbsent(kind, k -> new TreeSet<>()).add(kind.equals(element) ? name : "java.sql.Array of " + name);
            if (x.getClass() != want) return element + ": " + name + ", not " + want.getName();
        }
        return null;
    }

    static void flatten(Object array, List<Object> into) {
        for (Object x : (Object[]) array) {
            if (x instanceof Object[]) flatten(x, into);
            else if (x != null) into.add(x);
        }
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String serverMessage(SQLException e) {
        return e instanceof PSQLException && ((PSQLException) e).getServerErrorMessage() != null
                ? ((PSQLException) e).getServerErrorMessage().getMessage() : null;
    }

    static String describe(SQLException e) {
        return e.getClass().getName() + " " + e.getSQLState() + ": " + e.getMessage();
    }

    /** Bytes sent as a binary parameter of a named type (to its receive function). */
    public static class Raw extends PGobject implements PGBinaryObject {
        byte[] data;

        Raw(String type, byte[] data) {
            setType(type);
            this.data = data;
        }

        @Override
        public void setByteValue(byte[] value, int offset) {
            data = java.util.Arrays.copyOfRange(value, offset, value.length);
        }

        @Override
        public int lengthInBytes() {
            return data.length;
        }

        @Override
        public void toBytes(byte[] bytes, int offset) {
            System.arraycopy(data, 0, bytes, offset, data.length);
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Properties props = new Properties();
        props.setProperty("user", args[3]);
        props.setProperty("password", System.getenv("CXM_CLIENT_PASSWORD"));
        props.setProperty("prepareThreshold", "1");
        conn = DriverManager.getConnection(args[2], props);

        int statement = 0;
        for (String row : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            if (row.isEmpty()) continue;
            String[] f = row.split("\t", -1);
            String sql = unescape(f[1]);
            String[] expected = f[2].equals("-") ? null : unescape(f[2]).split("\n", -1);
            String first = sql.split("\n")[0];
            String name = "README.md line " + f[0] + ": " + first.substring(0, Math.min(60, first.length()));
            statement++;
            List<String> got = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                if (ps.execute()) {
                    try (ResultSet rs = ps.getResultSet()) {
                        ResultSetMetaData md = rs.getMetaData();
                        String[] columns = new String[md.getColumnCount()];
                        for (int i = 0; i < columns.length; i++) columns[i] = kindOf(md.getColumnTypeName(i + 1));
                        while (rs.next()) {
                            List<String> cells = new ArrayList<>();
                            for (int i = 0; i < columns.length; i++) {
                                Object v = rs.getObject(i + 1);
                                if (v != null) {
                                    String problem = typeProblem(v, columns[i]);
                                    if (problem != null) problems.add(problem);
                                }
                                cells.add(pgText(v, columns[i]));
                            }
                            got.add(String.join("|", cells));
                        }
                    }
                }
            } catch (SQLException e) {
                String msg = serverMessage(e);
                if (expected != null && expected[0].startsWith("ERROR:")) {
                    report(e instanceof PSQLException && e.getSQLState() != null && e.getSQLState().length() == 5
                            && msg != null && ("ERROR:  " + msg).contains(expected[0]), name,
                            List.of("expected " + expected[0], "got " + describe(e)));
                } else {
                    report(false, name, List.of("failed: " + describe(e)));
                }
                continue;
            }
            if (expected == null) {
                report(true, name, List.of());
                continue;
            }
            if (expected[0].startsWith("ERROR:")) {
                report(false, name, List.of("expected " + expected[0], "got success"));
                continue;
            }
            if (!got.equals(List.of(expected))) {
                problems.add("expected:");
                for (String e : expected) problems.add("  " + e);
                problems.add("got:");
                for (String g : got) problems.add("  " + g);
            }
            report(problems.isEmpty(), name, problems);
        }

        // Binary parameters go out in binary only for the type OIDs listed in
        // binaryTransferEnable, so the SQLSTATE cases use a second connection.
        List<String> oids = new ArrayList<>();
        try (ResultSet rs = conn.createStatement().executeQuery(
                "SELECT string_agg(oid::text, ',') FROM pg_type WHERE oid IN (to_regtype('ratings'), to_regtype('markov_chain'))")) {
            rs.next();
            props.setProperty("binaryTransferEnable", rs.getString(1));
        }
        try (Connection binary = DriverManager.getConnection(args[2], props)) {
            for (String row : Files.readAllLines(root.resolve("test/clients/sqlstates.tsv"), StandardCharsets.UTF_8)) {
                if (row.isEmpty() || row.startsWith("#")) continue;
                String[] f = row.split("\t", -1);
                String code = f[0], sql = f[1], param = f[2], message = f[3];
                if (sql.equals("-")) {
                    System.out.println("ok - " + DRIVER + ": SQLSTATE " + code + " # SKIP " + message);
                    continue;
                }
                String name = "SQLSTATE " + code + " arrives as PSQLException with getSQLState() " + code;
                try (PreparedStatement ps = binary.prepareStatement(sql.replace("$1", "?"))) {
                    if (!param.equals("-")) {
                        String[] p = param.split(":");
                        ps.setObject(1, new Raw(p[0], HexFormat.of().parseHex(p[1])));
                    }
                    ps.execute();
                    report(false, name, List.of("no error"));
                } catch (SQLException e) {
                    report(e instanceof PSQLException && code.equals(e.getSQLState()) && message.equals(serverMessage(e)),
                            name, List.of("got " + describe(e)));
                }
            }
        }
        for (var entry : seen.entrySet()) {
            System.out.println("# " + DRIVER + " type map: " + entry.getKey() + " -> " + String.join(", ", entry.getValue()));
        }
        conn.close();
        System.exit(failures == 0 ? 0 : 1);
    }
}
