#!/usr/bin/env python3
"""Builds the seed corpora under fuzz/seeds/ from the shipped scenarios and the test fixtures.

Run from the repository root: `python3 fuzz/extract_seeds.py`. It rewrites fuzz/seeds/ whole.

- scenarios/*.toml and scenarios/*.csv, scenarios/bench/*.toml;
- every `.file("NAME", "...")` / `.file("NAME", r#"..."#)` / `.file_bytes("NAME", b"...")`
  in tests/cli/*.rs (unindented as the tests' `unindent` does), and the `const X: &str = r#"…"#`
  scenario texts there and in src/scenario/tests.rs;
- every `--set`, `--vary` and `--cap` argument in tests/cli/*.rs, for the values target.

Seeds of the scenario target are `TOML 0xFF CSV`, with any `projections = "…"` rewritten to
`projections.csv`, the name the target writes the CSV under.
"""

import hashlib
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
MAX_SEED = 16 * 1024

RUST_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def unescape(body: str) -> str:
    """A Rust (non-raw) string literal's body, including `\\` line continuations."""
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n == "\n":  # line continuation: skip the newline and the next line's indentation
            i += 2
            while i < len(body) and body[i] in " \t":
                i += 1
        elif n == "x":
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
        elif n == "u":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3 : end], 16)))
            i = end + 1
        else:
            out.append(RUST_ESCAPES.get(n, n))
            i += 2
    return "".join(out)


def unindent(text: str) -> str:
    """Mirrors tests/cli/support.rs `unindent`."""
    if text.startswith("\n"):
        text = text[1:]
    lines = text.split("\n")
    if lines and not lines[-1].strip():
        lines.pop()
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    indent = min(indents) if indents else 0
    return "".join((l[indent:] if len(l) >= indent else l.lstrip(" ")) + "\n" for l in lines)


STRING = r'(?:r#"(?P<raw>.*?)"#|"(?P<plain>(?:[^"\\]|\\.)*)")'
FILE_CALL = re.compile(r'\.file\(\s*"(?P<name>[^"]+)",\s*&?' + STRING, re.S)
FILE_BYTES = re.compile(r'\.file_bytes\(\s*"(?P<name>[^"]+)",\s*b"(?P<bytes>(?:[^"\\]|\\.)*)"', re.S)
CONST = re.compile(r'const (?P<name>[A-Z_]+): &str = ' + STRING + ";", re.S)
ARG = re.compile(r'"(?P<flag>--set|--vary|--cap)",\s*"(?P<value>(?:[^"\\]|\\.)*)"')


def literal(m) -> str:
    return m.group("raw") if m.group("raw") is not None else unescape(m.group("plain"))


def is_toml(text: str) -> bool:
    return any(k in text for k in ("[scenario]", "[share]", "[[stream]]", "rate =", "start ="))


def is_csv(name: str, text: str) -> bool:
    return name.endswith(".csv") or text.lstrip().startswith("stream,")


def main() -> None:
    tomls: dict[str, bytes] = {}
    csvs: dict[str, bytes] = {}
    args: set[str] = set()

    for p in sorted((ROOT / "scenarios").rglob("*.toml")):
        tomls[p.name] = p.read_bytes()
    for p in sorted((ROOT / "scenarios").rglob("*.csv")):
        data = p.read_bytes()
        csvs[p.name] = data
        # A short head of a long file is a better seed than the whole of it.
        head = b"".join(data.splitlines(keepends=True)[:12])
        csvs[p.stem + "-head.csv"] = head

    sources = sorted((ROOT / "tests" / "cli").glob("*.rs")) + [ROOT / "src" / "scenario" / "tests.rs"]
    for path in sources:
        if not path.exists():
            continue
        src = path.read_text()
        for m in FILE_CALL.finditer(src):
            text = unindent(literal(m))
            key = f"{path.stem}-{m.start()}-{m.group('name')}"
            if is_csv(m.group("name"), text):
                csvs[key] = text.encode()
            elif is_toml(text):
                tomls[key] = text.encode()
        for m in FILE_BYTES.finditer(src):
            body = m.group("bytes")
            data = unescape(body).encode("latin-1", errors="replace")
            target = csvs if m.group("name").endswith(".csv") else tomls
            target[f"{path.stem}-{m.start()}-{m.group('name')}"] = data
        for m in CONST.finditer(src):
            text = unindent(literal(m))
            if is_toml(text):
                tomls[f"{path.stem}-{m.group('name')}"] = text.encode()
        for m in ARG.finditer(src):
            args.add(unescape(m.group("value")))

    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    for target in ("scenario", "projections", "values"):
        (SEEDS / target).mkdir(parents=True)

    def write(target: str, data: bytes) -> None:
        if len(data) > MAX_SEED:
            return
        name = hashlib.sha1(data).hexdigest()[:16]
        (SEEDS / target / name).write_bytes(data)

    projections_key = re.compile(rb'^(\s*projections\s*=\s*)"[^"\n]*"', re.M)
    default_csv = csvs.get("monthly-projections-head.csv", b"")
    for toml in tomls.values():
        toml = projections_key.sub(rb'\1"projections.csv"', toml)
        write("scenario", toml + b"\xff" + default_csv)
    # Every CSV fixture with a scenario that reads it.
    with_csv = next((t for k, t in tomls.items() if k.endswith("WITH_CSV")), None)
    if with_csv is not None:
        with_csv = projections_key.sub(rb'\1"projections.csv"', with_csv)
        for csv in csvs.values():
            write("scenario", with_csv + b"\xff" + csv)
    # Scenario seeds with --set lines.
    base = tomls.get("base.toml", b"")
    sets = [a for a in sorted(args) if "=" in a and not a.startswith("share.cap=1")]
    write("scenario", base + b"\xff\xff" + "\n".join(sets[:4]).encode())
    for csv in csvs.values():
        write("projections", csv)
    for arg in sorted(args):
        write("values", arg.encode())
    extra_values = [
        "share.cap=38B", "share.rate=20%", "share.effective=2026-04-27", "share.sunset=2030-12-31",
        "share.payment_lag_days=45", "scenario.discount_rate=8%", "scenario.valuation_date=2026-04-27",
        "scenario.period=month", "stream.Chat.growth=5%", "stream.api.v2.qualifying=false",
        "stream.API.growth=-10%", "share.cap=none", "share.rate=0.2", "share.cap=$12.5bn",
        "share.cap=1_250_000", "share.cap=4.2e9", "share.cap=1e3k",
        "share.cap=10B..50B:5B", "share.rate=10%..30%:2.5%", "share.payment_lag_days=0..90:30",
        "10B,20B,none", "100M..3B:100M", "share.sunset=2029-12-31,2030-12-31",
        "scenario.period=month,quarter,year", "stream.Chat.qualifying=true,FALSE",
        "share.rate=10%,20%\nshare.cap=1B,2B", "share.rate=1e-28", "share.cap=8e26",
        "share.rate=0..1:1e-28", "0..1B:1e-10", "scenario.discount_rate=-99%..10000%:0.5%",
        "share.payment_lag_days=0..36500:1", "stream.api.v2.growth=1%..5%:1%",
    ]
    for value in extra_values:
        write("values", value.encode())
    # Shapes that the error locator must handle: CR-only and CRLF line ends, a BOM, long lines
    # of multi-byte characters around an error, a NUL, many errors in one file.
    valid = next((t for k, t in tomls.items() if k.endswith("VALID")), base)
    wide = "é€😀" * 120
    shapes = [
        valid.replace(b"\n", b"\r"),
        valid.replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + valid,
        valid.replace(b'name = "Chat"', f'name = "{wide}" {wide}'.encode()),
        valid.replace(b'rate = "20%"', f'rate = "{wide}20%"'.encode()),
        valid.replace(b'rate = "20%"', b'rate = "20%"\x00'),
        valid + b"\n".join(b"bad%d = 1" % i for i in range(30)),
        b"# " + ("\u00e9" * 40).encode() + b"\r",
        valid.replace(b"[share]", b'projections = "/dev/zero"\n[share]', 1),
        valid.replace(b"[share]", b'projections = "."\n[share]', 1),
    ]
    for shape in shapes:
        write("scenario", shape + b"\xff" + default_csv)
    long_row = ("stream,cloud,from,to,amount\n" + "API," + wide + ",2026-01-01,2026-12-31,1B\n").encode()
    write("projections", long_row)
    write("projections", default_csv.replace(b"\n", b"\r\n"))
    write("projections", default_csv.replace(b"\n", b"\r"))
    write("projections", b'stream,cloud,from,to,amount\n"API,aws,2026-01-01,2026-12-31,1B\n')
    total = sum(p.stat().st_size for p in SEEDS.rglob("*") if p.is_file())
    counts = {t: len(list((SEEDS / t).iterdir())) for t in ("scenario", "projections", "values")}
    print(f"seeds: {counts}, {total} bytes")


if __name__ == "__main__":
    main()
