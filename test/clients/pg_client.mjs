// The README's examples and every SQLSTATE of cxm through node-postgres.
//
// Each README statement (from test/tools/readme_doctest.py --cases, the
// doc-test's own extraction) runs as a named prepared statement in one
// connection, in order.  For a statement with a shown result, every value must
// have the JavaScript type node-postgres is documented to give for its column's
// PostgreSQL type (TYPES below) and, written back the way psql prints it, equal
// the README.  For a shown error, and for each row of test/clients/sqlstates.tsv,
// the error must be a pg.DatabaseError whose code is the SQLSTATE.
//
// Usage: node pg_client.mjs ROOT CASES_FILE     (PGHOST, PGPORT, PGUSER, PGDATABASE set)
// Prints TAP lines without a plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';

const [root, casesFile] = process.argv.slice(2);
const version = createRequire(import.meta.url)('pg/package.json').version;
const driver = `node-postgres ${version}`;

// PostgreSQL type (typname, or enum / composite / cxm type) -> what node-postgres
// hands back: numeric and bigint stay exact decimal strings by design.
const isJson = (v) => ['object', 'string', 'number', 'boolean'].includes(typeof v);
const TYPES = {
  numeric: ['string', (v) => typeof v === 'string' && /^-?\d+(\.\d+)?$|^NaN$/.test(v)],
  int8: ['string', (v) => typeof v === 'string' && /^-?\d+$/.test(v)],
  int4: ['number', (v) => Number.isInteger(v)],
  int2: ['number', (v) => Number.isInteger(v)],
  float8: ['number', (v) => typeof v === 'number'],
  bool: ['boolean', (v) => typeof v === 'boolean'],
  text: ['string', (v) => typeof v === 'string'],
  date: ['Date', (v) => v instanceof Date],
  timestamptz: ['Date', (v) => v instanceof Date],
  interval: ['PostgresInterval', (v) => v?.constructor?.name === 'PostgresInterval'],
  json: ['JSON value', isJson],
  jsonb: ['JSON value', isJson],
  enum: ['string', (v) => typeof v === 'string'],
  composite: ['string', (v) => typeof v === 'string'],
  'cxm type': ['string', (v) => typeof v === 'string'],
};
// Elements of arrays where node-postgres differs from the scalar: numeric[]
// elements are parsed with parseFloat (pg-types registers 1231 so), so they
// are compared with the README as numbers.
const ELEMENT_TYPES = { numeric: ['number', (v) => Number.isFinite(v)] };

const typeName = (v) => (v === null ? 'null' : typeof v === 'object' ? v.constructor.name : typeof v);
const pad = (n, w = 2) => String(n).padStart(w, '0');

// float8 as PostgreSQL prints it (extra_float_digits 1: shortest exact)
function pgFloat(d) {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const [mantissa, e] = Math.abs(d).toExponential().split('e');   // shortest digits
  const digits = mantissa.replace('.', '');
  const point = Number(e);
  let text;
  if (point < -4 || point >= 15) {
    text = `${mantissa}e${point >= 0 ? '+' : '-'}${pad(Math.abs(point))}`;
  } else if (point < 0) {
    text = '0.' + '0'.repeat(-point - 1) + digits;
  } else {
    text = digits.length > point + 1 ? digits.slice(0, point + 1) + '.' + digits.slice(point + 1)
      : digits + '0'.repeat(point + 1 - digits.length);
  }
  return (d < 0 ? '-' : '') + text;
}

function pgInterval(iv) {
  const parts = [];
  const unit = (n, one, many) => { if (n) parts.push(`${n} ${Math.abs(n) === 1 ? one : many}`); };
  unit(iv.years || 0, 'year', 'years');
  unit(iv.months || 0, 'mon', 'mons');
  unit(iv.days || 0, 'day', 'days');
  const h = iv.hours || 0, m = iv.minutes || 0, s = iv.seconds || 0, ms = iv.milliseconds || 0;
  if (h || m || s || ms || parts.length === 0) {
    let clock = `${pad(h)}:${pad(m)}:${pad(s)}`;
    if (ms) clock += ('.' + pad(Math.round(ms * 1000), 6)).replace(/0+$/, '');
    parts.push(clock);
  }
  return parts.join(' ');
}

function pgTimestamptz(d) {
  const ms = d.getUTCMilliseconds();
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (ms ? ('.' + pad(ms, 3)).replace(/0+$/, '') : '') + '+00';
}

// jsonb's own text form: ", " between elements, ": " after keys
function jsonbText(v) {
  if (Array.isArray(v)) return '[' + v.map(jsonbText).join(', ') + ']';
  if (v !== null && typeof v === 'object') {
    return '{' + Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonbText(x)}`).join(', ') + '}';
  }
  return JSON.stringify(v);
}

function arrayElement(text) {
  if (text === '' || text.toUpperCase() === 'NULL' || /[{},"\\\s]/.test(text)) {
    return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  }
  return text;
}

// a value as psql prints it (unaligned: NULL is empty)
function pgText(v, kind) {
  if (v === null || v === undefined) return '';
  if (kind === 'json' || kind === 'jsonb') return jsonbText(v);
  if (kind.startsWith('_')) {
    return '{' + v.map((x) => (x === null ? 'NULL' : Array.isArray(x) ? pgText(x, kind)
      : arrayElement(pgText(x, kind.slice(1))))).join(',') + '}';
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return kind === 'float8' ? pgFloat(v) : String(v);
  if (v instanceof Date) {
    return kind === 'date' ? `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}` : pgTimestamptz(v);
  }
  if (kind === 'interval') return pgInterval(v);
  return String(v);
}

// Rows equal but for numeric[] cells, which hold the same numbers (100 for 100.0).
function sameNumbers(got, expected, columns) {
  if (!columns.includes('_numeric') || got.length !== expected.length) return false;
  const numbers = (cell) => cell.replace(/[{}]/g, '').split(',').map((x) => (x === 'NULL' ? null : Number(x)));
  return got.every((row, r) => {
    const a = row.split('|');
    const b = expected[r].split('|');
    return a.length === columns.length && b.length === columns.length && a.every((cell, i) =>
      columns[i] === '_numeric' ? JSON.stringify(numbers(cell)) === JSON.stringify(numbers(b[i])) : cell === b[i]);
  });
}

const unescape = (s) => s.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));

const client = new pg.Client({ options: '-c TimeZone=UTC' });
await client.connect();
const kinds = new Map();
async function kindOf(oid) {
  if (!kinds.has(oid)) {
    const { rows: [t] } = await client.query(
      'SELECT t.typname, t.typtype, t.typelem, n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = $1', [oid]);
    let kind;
    if (t.typtype === 'e') kind = 'enum';
    else if (t.typtype === 'c') kind = 'composite';
    else if (t.nspname !== 'pg_catalog') kind = 'cxm type';
    else if (t.typelem !== 0 && t.typname.startsWith('_')) kind = '_' + await kindOf(t.typelem);
    else kind = t.typname;
    kinds.set(oid, kind);
  }
  return kinds.get(oid);
}

const seen = new Map();   // kind -> set of JavaScript types seen
function typeProblem(v, kind) {
  let element = kind;
  let values = [v];
  if (kind.startsWith('_')) {
    if (!Array.isArray(v)) return `${kind}: ${typeName(v)}, not Array`;
    element = kind.slice(1);
    values = v.flat(Infinity).filter((x) => x !== null);
  }
  const spec = (kind.startsWith('_') && ELEMENT_TYPES[element]) || TYPES[element];
  if (!spec) return `no expectation for PostgreSQL type ${element}`;
  if (!seen.has(kind)) seen.set(kind, new Set());
  for (const x of values) {
    seen.get(kind).add(kind === element ? typeName(x) : `Array of ${typeName(x)}`);
    if (!spec[1](x)) return `${element}: ${typeName(x)} ${JSON.stringify(x)}, not ${spec[0]}`;
  }
  return null;
}

let failures = 0;
function report(ok, name, details = []) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${driver}: ${name}`);
  if (!ok) {
    failures++;
    for (const d of details) console.log('#   ' + d);
  }
}

let statement = 0;
for (const row of readFileSync(casesFile, 'utf8').split('\n')) {
  if (!row) continue;
  const [line, sqlEscaped, shown] = row.split('\t');
  const sql = unescape(sqlEscaped);
  const expected = shown === '-' ? null : unescape(shown).split('\n');
  const name = `README.md line ${line}: ${sql.split('\n')[0].slice(0, 60)}`;
  let result;
  try {
    // rows as arrays: as objects, columns of the same name (two round(...)) collide
    result = await client.query({ name: `readme_${++statement}`, text: sql, rowMode: 'array' });
  } catch (err) {
    const msg = 'ERROR:  ' + err.message;
    if (expected && expected[0].startsWith('ERROR:')) {
      report(err instanceof pg.DatabaseError && /^[0-9A-Z]{5}$/.test(err.code) && msg.includes(expected[0]), name,
        [`expected ${expected[0]}`, `got ${typeName(err)} ${err.code}: ${msg}`]);
    } else {
      report(false, name, [`failed: ${err.code} ${msg}`]);
    }
    continue;
  }
  if (expected === null) { report(true, name); continue; }
  if (expected[0].startsWith('ERROR:')) { report(false, name, [`expected ${expected[0]}`, 'got success']); continue; }
  const problems = [];
  const columns = [];
  for (const f of result.fields) columns.push(await kindOf(f.dataTypeID));
  const got = result.rows.map((r) => result.fields.map((f, i) => {
    const v = r[i];
    if (v !== null) {
      const problem = typeProblem(v, columns[i]);
      if (problem) problems.push(problem);
    }
    return pgText(v, columns[i]);
  }).join('|'));
  if (got.join('\n') !== expected.join('\n') && !sameNumbers(got, expected, columns)) {
    problems.push('expected:', ...expected.map((e) => '  ' + e), 'got:', ...got.map((g) => '  ' + g));
  }
  report(problems.length === 0, name, problems);
}

for (const row of readFileSync(join(root, 'test', 'clients', 'sqlstates.tsv'), 'utf8').split('\n')) {
  if (!row || row.startsWith('#')) continue;
  const [code, sql, param, message] = row.split('\t');
  if (sql === '-') { console.log(`ok - ${driver}: SQLSTATE ${code} # SKIP ${message}`); continue; }
  const name = `SQLSTATE ${code} arrives as pg.DatabaseError with code ${code}`;
  try {
    // a Buffer parameter goes out in binary format, to the type's receive function
    const values = param === '-' ? [] : [Buffer.from(param.split(':')[1], 'hex')];
    await client.query({ name: `sqlstate_${code}`, text: sql, values });
    report(false, name, ['no error']);
  } catch (err) {
    report(err instanceof pg.DatabaseError && err.code === code && err.message === message, name,
      [`got ${typeName(err)} ${err.code}: ${err.message}`]);
  }
}

for (const kind of [...seen.keys()].sort()) {
  console.log(`# ${driver} type map: ${kind} -> ${[...seen.get(kind)].sort().join(', ')}`);
}
await client.end();
process.exitCode = failures ? 1 : 0;
