#!/usr/bin/env python3
"""Release checks, printed as TAP (run by make test and make dist).

- The version is the same in cxm.control, META.json (distribution and
  extension), the README's "Versions and upgrades" table and debian/changelog;
  extension/ holds the frozen scripts of earlier releases only, with an
  upgrade path from each to the next, and the Makefile's PREVIOUS_VERSION is
  the newest of them.
- META.json follows the PGXN Meta Spec 1.0.0 (https://pgxn.org/meta/spec.txt):
  every required key, SemVer versions, a known licence, provides naming cxm
  with its version, file and abstract, prereqs with valid version ranges, and
  the PostgreSQL range equal to the Makefile's.
- The supported range is the same in the Makefile, META.json and the README's
  "Supported versions" table; every PG_VERSION_NUM guard in src/ is listed
  there; the README is self-contained (no link outside the project).
- Building against a major outside the range stops with one line naming it.
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def vtuple(v):
    return tuple(int(x) for x in v.split("."))


SEMVER = (r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
          r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?")
RANGE_ITEM = r"(?:(?:[=!]=|[<>]=?)\s*)?(?:" + SEMVER + r"|0)"
LICENCES = {"agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd",
            "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit",
            "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay",
            "sun", "zlib", "open_source", "restricted", "unrestricted", "unknown"}
TERM = re.compile(r"^[^\s/\\:]{2,}$")


def is_semver(v):
    return isinstance(v, str) and re.fullmatch(SEMVER, v) is not None


def is_range(v):
    if v == 0:
        return True
    return isinstance(v, str) and all(re.fullmatch(RANGE_ITEM, part.strip()) for part in v.split(","))


def custom(key):
    return re.match(r"^[xX]_.", key) is not None


def pgxn_errors(meta):
    """Violations of the PGXN Meta Spec 1.0.0 in META.json."""
    errors = []
    known = {"name", "version", "abstract", "maintainer", "license", "provides", "meta-spec",
             "description", "generated_by", "tags", "no_index", "prereqs", "release_status", "resources"}
    for key in ("name", "version", "abstract", "maintainer", "license", "provides", "meta-spec"):
        if key not in meta:
            errors.append(f"required key {key} missing")
    for key in meta:
        if key not in known and not custom(key):
            errors.append(f"unknown key {key}")
    if not (isinstance(meta.get("name"), str) and TERM.match(meta["name"])):
        errors.append("name is not a term (two or more characters, no slash, backslash, colon or space)")
    if not is_semver(meta.get("version")):
        errors.append(f"version {meta.get('version')!r} is not SemVer")
    for key in ("abstract", "description", "generated_by"):
        if key in meta and not (isinstance(meta[key], str) and meta[key]):
            errors.append(f"{key} is not a non-empty string")
    m = meta.get("maintainer")
    if not ((isinstance(m, str) and m) or (isinstance(m, list) and m and all(isinstance(x, str) and x for x in m))):
        errors.append("maintainer is not a string or a list of strings")
    lic = meta.get("license")
    if isinstance(lic, str):
        if lic not in LICENCES:
            errors.append(f"license {lic} is not a known licence name")
    elif isinstance(lic, list):
        if not lic or any(x not in LICENCES for x in lic):
            errors.append("license list names an unknown licence")
    elif not (isinstance(lic, dict) and lic):
        errors.append("license is neither a name, a list nor an object")
    spec = meta.get("meta-spec")
    if not (isinstance(spec, dict) and re.fullmatch(r"1\.0\.\d+", str(spec.get("version", "")))):
        errors.append("meta-spec.version is not 1.0.x")
    elif spec.get("url", "https://pgxn.org/meta/spec.txt") not in ("https://pgxn.org/meta/spec.txt", "http://pgxn.org/meta/spec.txt"):
        errors.append("meta-spec.url is not the spec's")
    provides = meta.get("provides")
    if not (isinstance(provides, dict) and provides):
        errors.append("provides is not a non-empty object")
    else:
        for ext, p in provides.items():
            if not TERM.match(ext):
                errors.append(f"provides: {ext} is not a term")
            if not isinstance(p, dict):
                errors.append(f"provides.{ext} is not an object")
                continue
            for key in p:
                if key not in ("file", "version", "abstract", "docfile") and not custom(key):
                    errors.append(f"provides.{ext}: unknown key {key}")
            if not is_semver(p.get("version")):
                errors.append(f"provides.{ext}.version is missing or not SemVer")
            for key in ("file", "docfile"):
                if key == "file" and key not in p:
                    errors.append(f"provides.{ext}.file is missing")
                if key in p and not os.path.isfile(os.path.join(ROOT, p[key])):
                    errors.append(f"provides.{ext}.{key} {p[key]} is not a file of the distribution")
    prereqs = meta.get("prereqs", {})
    if not isinstance(prereqs, dict):
        errors.append("prereqs is not an object")
        prereqs = {}
    for phase, rels in prereqs.items():
        if phase not in ("configure", "build", "test", "runtime", "develop") and not custom(phase):
            errors.append(f"prereqs: unknown phase {phase}")
            continue
        for rel, deps in rels.items():
            if rel not in ("requires", "recommends", "suggests", "conflicts") and not custom(rel):
                errors.append(f"prereqs.{phase}: unknown relationship {rel}")
                continue
            for dep, rng in deps.items():
                if not is_range(rng):
                    errors.append(f"prereqs.{phase}.{rel}.{dep}: {rng!r} is not a version range")
    if "release_status" in meta and meta["release_status"] not in ("stable", "testing", "unstable"):
        errors.append("release_status is not stable, testing or unstable")
    tags = meta.get("tags", [])
    if not (isinstance(tags, list) and all(isinstance(t, str) and 1 <= len(t) <= 255 for t in tags)
            and len(set(tags)) == len(tags)):
        errors.append("tags are not distinct strings of 1 to 255 characters")
    return errors


def main():
    makefile = read("Makefile")
    control = read("cxm.control")
    readme = read("README.md")
    version = re.search(r"^default_version\s*=\s*'([^']*)'", control, re.M).group(1)
    check(is_semver(version), f"cxm.control default_version {version} is SemVer")

    try:
        meta = json.loads(read("META.json"))
    except ValueError as e:
        meta = {}
        check(False, "META.json is JSON", str(e))
    errors = pgxn_errors(meta)
    check(not errors, "META.json follows the PGXN Meta Spec 1.0.0", "; ".join(errors))
    check(meta.get("version") == version, f"META.json version is {version}", f"found {meta.get('version')}")
    cxm = meta.get("provides", {}).get("cxm", {})
    check(cxm.get("version") == version and cxm.get("abstract"),
          f"META.json provides cxm {version} with an abstract", f"found {cxm}")

    # the supported range, everywhere it is stated
    lo = int(re.search(r"^PG_MAJOR_MIN\s*=\s*(\d+)", makefile, re.M).group(1))
    hi = int(re.search(r"^PG_MAJOR_MAX\s*=\s*(\d+)", makefile, re.M).group(1))
    want = f">= {lo}.0.0, < {hi + 1}.0.0"
    got = meta.get("prereqs", {}).get("runtime", {}).get("requires", {}).get("PostgreSQL")
    check(got == want, f"META.json requires PostgreSQL {want} (the Makefile's {lo} to {hi})", f"found {got!r}")
    pgversions = read("debian/pgversions").split() if os.path.isfile(os.path.join(ROOT, "debian/pgversions")) else []
    check(pgversions == [str(v) for v in range(lo, hi + 1)], f"debian/pgversions lists {lo} to {hi}",
          f"found {pgversions}")
    section = re.search(r"^## Supported versions\n(.*?)(?=^## )", readme, re.M | re.S)
    check(section is not None, "the README has a Supported versions section")
    section = section.group(1) if section else ""
    rows = {int(m.group(1)): m.group(2) for m in re.finditer(r"^\| (\d+) \|(.*)$", section, re.M)}
    check(sorted(rows) == list(range(lo, hi + 1)),
          f"the README's Supported versions table has a row for each major {lo} to {hi}", f"rows {sorted(rows)}")
    for major, row in sorted(rows.items()):
        status = re.search(r"tested by make matrix|compiled only|not available here", row)
        check(status and (status.group(0) == "not available here" or re.search(rf"\b{major}\.\d+\b", row)),
              f"README: PostgreSQL {major} is marked tested/compiled only/not available, with the minor used", row)
    check(re.search(rf"PostgreSQL {lo} to {hi}\b", readme), f"the README states the range as PostgreSQL {lo} to {hi}")

    # every PG_VERSION_NUM guard is listed with the matrix version that runs it
    for name in sorted(os.listdir(os.path.join(ROOT, "src"))):
        if not name.endswith((".c", ".h")):
            continue
        for line in read("src/" + name).splitlines():
            m = re.match(r"\s*#\s*(?:el)?if\s+(.*PG_VERSION_NUM.*?)\s*(?:/\*.*)?$", line)
            if m:
                cond = re.sub(r"\s+", " ", m.group(1))
                listed = any(name in l and cond in l for l in section.splitlines())
                check(listed, f"README lists the guard `{cond}` of src/{name}")

    # releases: frozen scripts, upgrade chain, the README's table, debian/changelog
    frozen = sorted({m.group(1) for f in os.listdir(os.path.join(ROOT, "extension"))
                     for m in [re.fullmatch(r"cxm--(\d+\.\d+\.\d+)\.sql", f)] if m}, key=vtuple)
    check(frozen and all(vtuple(v) < vtuple(version) for v in frozen),
          f"extension/ holds only releases before {version}", f"found {frozen}")
    previous = re.search(r"^PREVIOUS_VERSION\s*=\s*(\S+)", makefile, re.M).group(1)
    check(frozen and previous == frozen[-1], f"the Makefile's PREVIOUS_VERSION {previous} is the newest frozen release",
          f"frozen {frozen}")
    for a, b in zip(frozen, frozen[1:]):
        check(os.path.isfile(os.path.join(ROOT, "extension", f"cxm--{a}--{b}.sql")),
              f"extension/ has the upgrade script {a} to {b}")
    versions = re.search(r"^## Versions and upgrades\n(.*?)(?=^## )", readme, re.M | re.S)
    vrows = re.findall(r"^\| (\d+\.\d+\.\d+)( \(in progress\))? \|", versions.group(1) if versions else "", re.M)
    check([v for v, _ in vrows] == frozen + [version],
          f"the README's Versions table lists {frozen + [version]}", f"found {[v for v, _ in vrows]}")
    check(vrows and vrows[-1][1] == " (in progress)" and not any(p for _, p in vrows[:-1]),
          f"the README marks {version}, and only it, as in progress")
    changelog = read("debian/changelog") if os.path.isfile(os.path.join(ROOT, "debian/changelog")) else ""
    m = re.match(r"^cxm \(([^)-]+)-[^)]+\)", changelog)
    check(m and m.group(1) == version, f"debian/changelog's newest entry is {version}",
          f"found {m.group(1) if m else 'none'}")

    # self-contained README
    outside = re.findall(r"\]\((\.\./[^)]*)\)|`(\.\./[^`]*)`", readme)
    check(not outside and "../shared" not in readme, "the README points to nothing outside the project",
          f"found {outside}")

    # the build refuses an unsupported major with one line naming the range
    for major in (lo - 1, hi + 1):
        run = subprocess.run(["make", "-n", "-C", ROOT, f"MAJORVERSION={major}", f"VERSION={major}.0"],
                             capture_output=True, text=True)
        lines = [l for l in run.stderr.splitlines() if l.strip()]
        check(run.returncode != 0 and len(lines) == 1 and f"supports PostgreSQL {lo} to {hi}" in lines[0],
              f"building against PostgreSQL {major} stops with one line naming {lo} to {hi}", run.stderr.strip())

    failed = 0
    for n, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        if not ok:
            failed += 1
            if detail:
                print(f"# {detail}")
    print(f"1..{len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
