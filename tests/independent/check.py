#!/usr/bin/env python3
"""Independent exact-fraction re-implementation of the revshare engine (SPEC §1, §2, §4, §6).

Usage: check.py SCENARIO.toml OUTDIR

Reads a scenario (and its projections CSV, if any) and writes, from scratch and with no code
shared with the Rust crate:

  OUTDIR/periods.csv   the SPEC §4 columns, exactly
  OUTDIR/streams.csv   the SPEC §4 columns, exactly
  OUTDIR/clouds.csv    the SPEC §4 columns, exactly
  OUTDIR/summary.csv   the SPEC §4 columns only (no extension columns)

Standard library only. Every amount is a `fractions.Fraction` (exact rational); the one
binary-float value is the discount factor, formed exactly as SPEC §6.10 prescribes.

Scope: SPEC §1–§2 as the shipped scenarios and tests/independent/ties.toml use them, and the
§7.1 scales and §7.2 `paid_before` as tests/independent/scales.toml uses them (every scale
kind, a grown year under a scale, a scale of 0, a half-even tie, a cap partly paid before).
It is a checker, not a validator: it stops with
exit 2 on input it does not understand rather than guess, and does not reproduce the engine's
error messages or warnings. Exit 77: Python older than 3.11 (no tomllib).
"""

import csv
import datetime as dt
import os
import sys
from fractions import Fraction

try:
    import tomllib
except ImportError:  # Python < 3.11: the Rust test reports a skip on this exit status
    print("check.py: needs Python 3.11 or later (tomllib)", file=sys.stderr)
    sys.exit(77)

ONE_DAY = dt.timedelta(days=1)


class Bad(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Rounding (SPEC §2.2, §6.26): half-to-even of the exact value.


def round_half_even_int(x: Fraction) -> int:
    """Nearest integer to x, ties to the even one. Written out, not `round()`."""
    fl = x.numerator // x.denominator  # floor
    rem = x - fl  # in [0, 1)
    half = Fraction(1, 2)
    if rem > half:
        return fl + 1
    if rem < half:
        return fl
    return fl if fl % 2 == 0 else fl + 1


def round_cents(x: Fraction) -> Fraction:
    """round_cents: half-even to a multiple of 0.01, returned as an exact Fraction."""
    return Fraction(round_half_even_int(x * 100), 100)


def cents(x: Fraction) -> int:
    """An amount already on whole cents, as an integer number of cents."""
    c = x * 100
    if c.denominator != 1:
        raise Bad(f"internal: {x} is not whole cents")
    return c.numerator


def fmt_money(x: Fraction) -> str:
    c = cents(x)
    if c < 0:
        raise Bad(f"internal: negative money {x}")
    return f"{c // 100}.{c % 100:02d}"


def fmt_fixed(x: Fraction, places: int) -> str:
    """Half-even to `places` decimals, written with exactly that many (x >= 0)."""
    n = round_half_even_int(x * 10**places)
    if n < 0:
        raise Bad(f"internal: negative value {x}")
    s = str(n).rjust(places + 1, "0")
    return f"{s[:-places]}.{s[-places:]}"


# --------------------------------------------------------------------------------------------
# Numbers (SPEC §1.1, §6.4).

SUFFIXES = {
    "k": 10**3,
    "m": 10**6,
    "mm": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "t": 10**12,
    "tn": 10**12,
}


def parse_decimal(text: str, where: str) -> Fraction:
    """`digits[.digits][e±N]` (the integer part may be empty only before a fraction part)."""
    s = text
    exp = 0
    lower = s.lower()
    if "e" in lower:
        i = lower.index("e")
        mant, ex = s[:i], s[i + 1 :]
        sign = 1
        if ex.startswith(("+", "-")):
            sign = -1 if ex[0] == "-" else 1
            ex = ex[1:]
        if not ex.isdigit():
            raise Bad(f"{where}: bad exponent in {text!r}")
        exp = sign * int(ex)
        s = mant
    if s.count(".") > 1:
        raise Bad(f"{where}: bad number {text!r}")
    ip, _, fp = s.partition(".")
    if ip == "" and fp == "":
        raise Bad(f"{where}: no digits in {text!r}")
    if (ip and not ip.isdigit()) or (fp and not fp.isdigit()):
        raise Bad(f"{where}: bad number {text!r}")
    if "." in s and fp == "":
        raise Bad(f"{where}: bad number {text!r}")
    digits = int((ip or "0") + fp)
    value = Fraction(digits, 10 ** len(fp))
    return value * Fraction(10) ** exp


def float_exact(x: float) -> Fraction:
    """A TOML float read through its shortest decimal form (`0.2` is exactly 1/5)."""
    return Fraction(repr(x))


def parse_money(v, where: str) -> Fraction:
    if isinstance(v, bool):
        raise Bad(f"{where}: expected money, found a boolean")
    if isinstance(v, int):
        value = Fraction(v)
    elif isinstance(v, float):
        value = float_exact(v)
    elif isinstance(v, str):
        s = v.strip()
        if s.startswith("$"):
            s = s[1:]
        lower = s.lower()
        scale = 1
        for suffix in ("mm", "bn", "tn", "k", "m", "b", "t"):
            if lower.endswith(suffix):
                scale = SUFFIXES[suffix]
                s = s[: -len(suffix)]
                break
        # `_` and `,` separators are allowed anywhere in the integer part only.
        ip_end = len(s)
        for j, ch in enumerate(s):
            if ch in ".eE":
                ip_end = j
                break
        s = s[:ip_end].replace("_", "").replace(",", "") + s[ip_end:]
        value = parse_decimal(s, where) * scale
    else:
        raise Bad(f"{where}: expected money, found {type(v).__name__}")
    if value < 0:
        raise Bad(f"{where}: amount must be >= 0")
    return value


def parse_rate(v, where: str) -> Fraction:
    if isinstance(v, bool):
        raise Bad(f"{where}: expected a rate, found a boolean")
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, float):
        return float_exact(v)
    if isinstance(v, str):
        s = v.strip()
        pct = s.endswith("%")
        if pct:
            s = s[:-1].strip()
        neg = s.startswith("-")
        if s[:1] in "+-":
            s = s[1:]
        value = parse_decimal(s, where)
        if neg:
            value = -value
        return value / 100 if pct else value
    raise Bad(f"{where}: expected a rate, found {type(v).__name__}")


def parse_date(v, where: str) -> dt.date:
    if isinstance(v, dt.datetime):
        raise Bad(f"{where}: expected a date, found a date-time")
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError as e:
            raise Bad(f"{where}: bad date {v!r}") from e
    raise Bad(f"{where}: expected a date, found {type(v).__name__}")


def parse_bool(v, where: str) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "false"):
        return v.strip().lower() == "true"
    raise Bad(f"{where}: expected true/false, found {v!r}")


def check_keys(table: dict, allowed: set, where: str) -> None:
    for k in table:
        if k not in allowed:
            raise Bad(f"{where}: key {k!r} is not understood by this checker")


# --------------------------------------------------------------------------------------------
# Dates and periods (SPEC §1.2, §2.1).


def days_incl(a: dt.date, b: dt.date) -> int:
    """Days in the inclusive range a..b (0 when empty)."""
    return max(0, (b - a).days + 1)


def overlap(a0, a1, b0, b1):
    lo, hi = max(a0, b0), min(a1, b1)
    return (lo, hi) if lo <= hi else None


def last_day_of_month(y: int, m: int) -> dt.date:
    if m == 12:
        return dt.date(y, 12, 31)
    return dt.date(y, m + 1, 1) - ONE_DAY


def build_periods(start: dt.date, end: dt.date, kind: str):
    periods = []
    d = start
    while d <= end:
        if kind == "month":
            cal_end = last_day_of_month(d.year, d.month)
            label = f"{d.year:04d}-{d.month:02d}"
        elif kind == "quarter":
            q = (d.month - 1) // 3 + 1
            cal_end = last_day_of_month(d.year, 3 * q)
            label = f"{d.year:04d}-Q{q}"
        elif kind == "year":
            cal_end = dt.date(d.year, 12, 31)
            label = f"{d.year:04d}"
        else:
            raise Bad(f"scenario.period: unknown {kind!r}")
        p_end = min(end, cal_end)
        periods.append((label, d, p_end))
        d = p_end + ONE_DAY
    return periods


# --------------------------------------------------------------------------------------------
# Scenario reading (SPEC §1, §6.1–§6.7, §7.1, §7.2).


class Stream:
    def __init__(self, name, cloud, qualifying, blocks, scale):
        self.name = name
        self.cloud = cloud
        self.qualifying = qualifying
        self.blocks = blocks  # list of (from, to, amount) — unscaled, full length
        self.scale = scale


def toml_stream(i: int, t: dict, end: dt.date) -> Stream:
    where = f"stream[{i}]"
    check_keys(t, {"name", "cloud", "qualifying", "annual", "growth", "scale"}, where)
    name = t["name"]
    cloud = t["cloud"]
    if not isinstance(name, str) or not isinstance(cloud, str):
        raise Bad(f"{where}: name and cloud must be strings")
    qualifying = parse_bool(t.get("qualifying", True), f"{where}.qualifying")
    annual_raw = t.get("annual")
    if not isinstance(annual_raw, dict) or not annual_raw:
        raise Bad(f"{where}.annual: required, at least one year")
    annual = {}
    for k, v in annual_raw.items():
        if not k.strip().isdigit():
            raise Bad(f"{where}.annual: bad year {k!r}")
        annual[int(k)] = parse_money(v, f"{where}.annual.{k}")
    years = sorted(annual)
    if years != list(range(years[0], years[-1] + 1)):
        raise Bad(f"{where}.annual: the years are not contiguous")
    last = years[-1]
    # §6.2: every year from last + 1 through end's year, compounding on the rounded previous.
    growth = t.get("growth")
    amounts = dict(annual)
    prev = annual[last]
    for y in range(last + 1, end.year + 1):
        if growth is None:
            raise Bad(f"{where}.growth: year {y} has no revenue and there is no growth")
        if isinstance(growth, dict):
            if str(y) not in growth:
                raise Bad(f"{where}.growth.{y}: missing")
            g = parse_rate(growth[str(y)], f"{where}.growth.{y}")
        else:
            g = parse_rate(growth, f"{where}.growth")
        if g <= -1:
            raise Bad(f"{where}.growth: must be > -100%")
        prev = round_cents(prev * (1 + g))
        amounts[y] = prev
    # §6.1: years after end's year are ignored (they could not overlap the horizon anyway).
    blocks = [
        (dt.date(y, 1, 1), dt.date(y, 12, 31), a)
        for y, a in sorted(amounts.items())
        if y <= end.year
    ]
    scale = None
    if "scale" in t:
        scale = parse_scale(t["scale"], f"{where}.scale")
    return Stream(name, cloud, qualifying, blocks, scale)


def parse_scale(v, where: str) -> Fraction:
    s = parse_rate(v, where)
    if s < 0:
        raise Bad(f"{where}: scale must be >= 0")
    return s


def csv_streams(path: str):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise Bad(f"{path}: empty")
    header = [h.strip() for h in rows[0]]
    known = {"stream", "cloud", "from", "to", "amount", "qualifying"}
    for h in header:
        if h not in known:
            raise Bad(f"{path}: unknown column {h!r}")
    for h in ("stream", "cloud", "from", "to", "amount"):
        if h not in header:
            raise Bad(f"{path}: missing column {h!r}")
    col = {h: header.index(h) for h in header}
    order = []  # names in order of first appearance
    by_name = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not row or all(c.strip() == "" for c in row):
            continue  # blank lines are skipped (§6.5)
        where = f"{path} row {line_no}"
        name = row[col["stream"]]
        cloud = row[col["cloud"]]
        b0 = parse_date(row[col["from"]], f"{where} from")
        b1 = parse_date(row[col["to"]], f"{where} to")
        if b1 < b0:
            raise Bad(f"{where}: to before from")
        amount = parse_money(row[col["amount"]], f"{where} amount")
        q = None
        if "qualifying" in col and row[col["qualifying"]].strip() != "":
            q = parse_bool(row[col["qualifying"]], f"{where} qualifying")
        if name not in by_name:
            by_name[name] = {"cloud": cloud, "q": q, "blocks": [], "rows": []}
            order.append(name)
        s = by_name[name]
        if s["cloud"] != cloud:
            raise Bad(f"{where}: stream {name!r} changes cloud")
        if q is not None:
            if s["q"] is not None and s["q"] != q:
                raise Bad(f"{where}: stream {name!r} qualifying disagrees")
            s["q"] = q
        for (o0, o1, _), other in zip(s["blocks"], s["rows"]):
            if overlap(o0, o1, b0, b1):
                raise Bad(f"{where}: overlaps row {other}")
        # The full block: days(b) is its whole length even when clipped (§6.5).
        s["blocks"].append((b0, b1, amount))
        s["rows"].append(line_no)
    return [
        Stream(
            n,
            by_name[n]["cloud"],
            True if by_name[n]["q"] is None else by_name[n]["q"],
            by_name[n]["blocks"],
            None,
        )
        for n in order
    ]


def load(path: str):
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    doc = tomllib.loads(raw.decode("utf-8"))
    check_keys(
        doc, {"scenario", "share", "stream", "revenue", "cloud", "montecarlo", "uncertain"}, "file"
    )
    sc = doc.get("scenario", {})
    sh = doc.get("share", {})
    check_keys(
        sc,
        {
            "name",
            "description",
            "currency",
            "start",
            "end",
            "period",
            "discount_rate",
            "valuation_date",
            "projections",
        },
        "scenario",
    )
    check_keys(
        sh,
        {
            "rate",
            "cap",
            "effective",
            "sunset",
            "payment_lag_days",
            "clouds",
            "paid_before",
            # Labels for the reports' wording; they change no number.
            "payer",
            "payee",
        },
        "share",
    )
    s = {}
    s["name"] = sc.get("name", os.path.splitext(os.path.basename(path))[0])
    s["currency"] = sc.get("currency", "USD")
    s["start"] = parse_date(sc["start"], "scenario.start")
    s["end"] = parse_date(sc["end"], "scenario.end")
    if s["end"] < s["start"]:
        raise Bad("scenario.end: before start")
    s["period"] = str(sc.get("period", "quarter")).strip().lower()
    s["discount_rate"] = parse_rate(sc.get("discount_rate", 0), "scenario.discount_rate")
    if s["discount_rate"] <= -1:
        raise Bad("scenario.discount_rate: must be > -100%")
    s["valuation_date"] = parse_date(
        sc.get("valuation_date", s["start"]), "scenario.valuation_date"
    )
    s["rate"] = parse_rate(sh["rate"], "share.rate")
    if not (0 <= s["rate"] <= 1):
        raise Bad("share.rate: out of 0..1")
    cap = sh.get("cap")
    if cap is None or (isinstance(cap, str) and cap.strip().lower() == "none"):
        s["cap"] = None
    else:
        s["cap"] = round_cents(parse_money(cap, "share.cap"))  # §6.3
    s["paid_before"] = round_cents(parse_money(sh.get("paid_before", 0), "share.paid_before"))
    if s["cap"] is not None and s["paid_before"] > s["cap"]:
        raise Bad("share.paid_before: above the cap")
    s["effective"] = parse_date(sh.get("effective", s["start"]), "share.effective")
    s["sunset"] = parse_date(sh.get("sunset", s["end"]), "share.sunset")
    if s["sunset"] < s["effective"]:
        raise Bad("share.sunset: before effective")
    lag = sh.get("payment_lag_days", 0)
    if isinstance(lag, bool) or not isinstance(lag, int) or lag < 0:
        raise Bad("share.payment_lag_days: an integer >= 0")
    s["lag"] = lag
    clouds = sh.get("clouds")
    s["clouds"] = None if clouds is None else list(clouds)

    streams = [
        toml_stream(i, t, s["end"]) for i, t in enumerate(doc.get("stream", []), 1)
    ]
    if "projections" in sc:
        csv_path = os.path.join(os.path.dirname(os.path.abspath(path)), sc["projections"])
        for cs in csv_streams(csv_path):
            streams.append(cs)
    names = [x.name for x in streams]
    if len(set(names)) != len(names):
        raise Bad("duplicate stream names (TOML and/or CSV)")
    if s["clouds"] is not None:
        used = {x.cloud for x in streams}
        for c in s["clouds"]:
            if c not in used:
                raise Bad(f"share.clouds: no stream uses {c!r}")

    # §7.1 scales: m = revenue.scale × cloud.C.scale × stream.S.scale, applied per block.
    rev = doc.get("revenue", {})
    check_keys(rev, {"scale"}, "revenue")
    rev_scale = parse_scale(rev.get("scale", 1), "revenue.scale")
    cloud_scale = {}
    for cname, ct in doc.get("cloud", {}).items():
        check_keys(ct, {"scale"}, f"cloud.{cname}")
        cloud_scale[cname] = parse_scale(ct.get("scale", 1), f"cloud.{cname}.scale")
        if cname not in {x.cloud for x in streams}:
            raise Bad(f"cloud.{cname}: no stream uses it")
    for x in streams:
        m = rev_scale * cloud_scale.get(x.cloud, Fraction(1)) * (x.scale or Fraction(1))
        if m != 1:
            x.blocks = [(b0, b1, round_cents(a * m)) for (b0, b1, a) in x.blocks]
    s["streams"] = streams
    return s


# --------------------------------------------------------------------------------------------
# The engine (SPEC §2), in exact rationals.


def prorate(blocks, lo: dt.date, hi: dt.date) -> Fraction:
    """Σ_b amount_b × days(b ∩ [lo, hi]) / days(b), exact (§2.2, §6.26)."""
    total = Fraction(0)
    for b0, b1, amount in blocks:
        ov = overlap(b0, b1, lo, hi)
        if ov is None:
            continue
        total += Fraction(amount * days_incl(*ov), days_incl(b0, b1))
    return total


def largest_remainder(paid_c: int, q_c: list) -> list:
    """Split paid_c cents over weights q_c (§2.5): floor, then leftover cents one each to the
    largest remainders, ties to the earlier stream."""
    total = sum(q_c)
    if total == 0:
        if paid_c != 0:
            raise Bad("internal: paid with no qualifying revenue")
        return [0] * len(q_c)
    parts = [paid_c * q // total for q in q_c]
    rems = [paid_c * q % total for q in q_c]
    left = paid_c - sum(parts)
    order = sorted(range(len(q_c)), key=lambda i: (-rems[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def discount_factor(d: Fraction, days: int):
    """§6.10: base = nearest f64 to (1 + d); df = base ** (-(days)/365.0)."""
    base = float(1 + d)  # Fraction -> float is correctly rounded (nearest)
    df = base ** (-float(days) / 365.0)
    written = format(df, ".10f")
    # repr() is the shortest round-trip decimal, the same digits as Rust's `{}` (Python may use
    # an exponent, e.g. 1e-05, which denotes the same exact decimal).
    exact = Fraction(repr(df))
    return written, exact


def compute(s):
    start, end = s["start"], s["end"]
    eff, sun = s["effective"], s["sunset"]
    periods = build_periods(start, end, s["period"])
    streams = s["streams"]
    qualifies = [
        x.qualifying and (s["clouds"] is None or x.cloud in s["clouds"]) for x in streams
    ]
    cap = s["cap"]
    remaining = None if cap is None else cap - s["paid_before"]
    cumulative = Fraction(0)
    prows, srows = [], []
    hit_date = None
    if cap is not None and remaining == 0:
        hit_date = eff
    totals = {k: Fraction(0) for k in ("R", "Q", "A", "P", "F", "pv")}
    cloud_order = []
    cloud_tot = {}
    cash_dates = []
    for label, p0, p1 in periods:
        R = [round_cents(prorate(x.blocks, p0, p1)) for x in streams]
        win = overlap(p0, p1, eff, sun)
        Q = [
            round_cents(prorate(x.blocks, *win)) if (win and qualifies[i]) else Fraction(0)
            for i, x in enumerate(streams)
        ]
        Rp, Qp = sum(R, Fraction(0)), sum(Q, Fraction(0))
        A = round_cents(s["rate"] * Qp)
        if remaining is None:
            P = A
        else:
            if hit_date is None and remaining > 0 and A >= remaining:
                qd = days_incl(*win)
                x = remaining * qd / A
                k = -((-x.numerator) // x.denominator)  # ceil
                hit_date = win[0] + dt.timedelta(days=k - 1)
            P = min(A, remaining)
            remaining -= P
        F = A - P
        cumulative += P
        cash = p1 + dt.timedelta(days=s["lag"])
        df_text, df_exact = discount_factor(s["discount_rate"], (cash - s["valuation_date"]).days)
        pv = round_cents(P * df_exact)
        prows.append(
            [
                label,
                p0.isoformat(),
                p1.isoformat(),
                fmt_money(Rp),
                fmt_money(Qp),
                fmt_money(A),
                fmt_money(P),
                fmt_money(F),
                fmt_money(cumulative),
                "" if remaining is None else fmt_money(remaining),
                cash.isoformat(),
                df_text,
                fmt_money(pv),
            ]
        )
        parts = largest_remainder(cents(P), [cents(q) for q in Q])
        for i, x in enumerate(streams):
            paid_s = Fraction(parts[i], 100)
            srows.append(
                [label, x.name, x.cloud, fmt_money(R[i]), fmt_money(Q[i]), fmt_money(paid_s)]
            )
            if x.cloud not in cloud_tot:
                cloud_order.append(x.cloud)
                cloud_tot[x.cloud] = [Fraction(0)] * 3
            t = cloud_tot[x.cloud]
            t[0] += R[i]
            t[1] += Q[i]
            t[2] += paid_s
        for k, v in (("R", Rp), ("Q", Qp), ("A", A), ("P", P), ("F", F), ("pv", pv)):
            totals[k] += v
        if P > 0:
            cash_dates.append(cash)
        # Invariant checks (§2.7).
        if sum(parts) != cents(P) or P + F != A:
            raise Bad(f"internal: invariant broken in {label}")

    total_paid = totals["P"]
    crows = [
        [
            c,
            fmt_money(cloud_tot[c][0]),
            fmt_money(cloud_tot[c][1]),
            fmt_money(cloud_tot[c][2]),
            "" if total_paid == 0 else fmt_fixed(cloud_tot[c][2] / total_paid, 6),
        ]
        for c in cloud_order
    ]
    reached = cap is not None and s["paid_before"] + totals["A"] >= cap
    summary = [
        s["name"],
        s["currency"],
        start.isoformat(),
        end.isoformat(),
        str(len(periods)),
        fmt_money(totals["R"]),
        fmt_money(totals["Q"]),
        fmt_money(totals["A"]),
        fmt_money(totals["P"]),
        fmt_money(totals["F"]),
        "" if cap is None else fmt_money(cap),
        "true" if reached else "false",
        hit_date.isoformat() if (reached and hit_date) else "",
        "" if totals["Q"] == 0 else fmt_fixed(totals["P"] / totals["Q"], 6),
        fmt_money(totals["pv"]),
        cash_dates[0].isoformat() if cash_dates else "",
        cash_dates[-1].isoformat() if cash_dates else "",
    ]
    return prows, srows, crows, summary


# --------------------------------------------------------------------------------------------
# Output (SPEC §4, §6.18): UTF-8, `\n`, minimal quoting.


def csv_field(f: str) -> str:
    if any(ch in f for ch in ',"\r\n'):
        return '"' + f.replace('"', '""') + '"'
    return f


def write_csv(path: str, header: list, rows: list) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        for r in [header] + rows:
            f.write(",".join(csv_field(x) for x in r) + "\n")


PERIODS_HEADER = (
    "period,start,end,revenue,qualifying_revenue,accrued,paid,foregone,"
    "cumulative_paid,cap_remaining,cash_date,discount_factor,pv"
).split(",")
STREAMS_HEADER = "period,stream,cloud,revenue,qualifying_revenue,paid".split(",")
CLOUDS_HEADER = "cloud,revenue,qualifying_revenue,paid,share_of_paid".split(",")
SUMMARY_HEADER = (
    "scenario,currency,start,end,periods,revenue,qualifying_revenue,accrued,paid,foregone,"
    "cap,cap_reached,cap_hit_date,effective_rate,npv,first_cash_date,last_cash_date"
).split(",")


def main(argv) -> int:
    if len(argv) != 3:
        print("usage: check.py SCENARIO.toml OUTDIR", file=sys.stderr)
        return 2
    try:
        s = load(argv[1])
        prows, srows, crows, summary = compute(s)
    except (Bad, KeyError, tomllib.TOMLDecodeError, OSError) as e:
        print(f"check.py: {argv[1]}: {e}", file=sys.stderr)
        return 2
    os.makedirs(argv[2], exist_ok=True)
    write_csv(os.path.join(argv[2], "periods.csv"), PERIODS_HEADER, prows)
    write_csv(os.path.join(argv[2], "streams.csv"), STREAMS_HEADER, srows)
    write_csv(os.path.join(argv[2], "clouds.csv"), CLOUDS_HEADER, crows)
    write_csv(os.path.join(argv[2], "summary.csv"), SUMMARY_HEADER, [summary])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
