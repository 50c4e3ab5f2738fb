// revshare what-if panel (SPEC §7.5). Recomputes a run under another cap and rate, exactly as
// `revshare run --set share.cap=X --set share.rate=Y` would: money is integer cents as BigInt,
// rates and discount factors are exact decimals (numerator / power of ten), every rounding is
// half-to-even. No floating point touches money; Number is used only for pixels and day counts.
(function () {
  "use strict";

  // ---------------------------------------------------------------- exact arithmetic

  /** n / d rounded half-to-even to a whole number (n >= 0, d > 0), as the engine rounds. */
  function divHalfEven(n, d) {
    const q = n / d;
    const r = n % d;
    const twice = 2n * r;
    if (twice > d || (twice === d && q % 2n !== 0n)) return q + 1n;
    return q;
  }

  /** ceil(n / d) for n >= 0, d > 0: the hit date's day count (SPEC §2.4). */
  function ceilDiv(n, d) {
    return (n + d - 1n) / d;
  }

  /** 10^k as a BigInt. */
  function pow10(k) {
    return 10n ** BigInt(k);
  }

  /** A plain decimal string ("0.2", "1", "0.9090909090909091") as {n, d}, d a power of ten. */
  function exactDecimal(text) {
    const [int, frac = ""] = text.split(".");
    return { n: BigInt(int + frac), d: pow10(frac.length) };
  }

  /**
   * SPEC §2.5: split `paid` over `cells` (Q[s,p]) by largest remainder: floors first, then one
   * cent each to the largest remainders, ties to the earlier stream.
   */
  function largestRemainder(paid, cells) {
    let total = 0n;
    for (const q of cells) total += q;
    const parts = cells.map(() => 0n);
    if (total === 0n || paid === 0n) return parts;
    const remainders = [];
    let given = 0n;
    cells.forEach((q, s) => {
      const product = paid * q;
      parts[s] = product / total;
      given += parts[s];
      remainders.push({ r: product % total, s: s });
    });
    remainders.sort((a, b) => (a.r === b.r ? a.s - b.s : a.r > b.r ? -1 : 1));
    let left = paid - given;
    for (let i = 0; left > 0n; i += 1, left -= 1n) parts[remainders[i].s] += 1n;
    return parts;
  }

  /** Cents as the CSVs write money: "1234.50", "-0.05". */
  function formatCents(c) {
    const sign = c < 0n ? "-" : "";
    const a = c < 0n ? -c : c;
    return sign + (a / 100n).toString() + "." + (a % 100n).toString().padStart(2, "0");
  }

  /** Cents grouped for people: "1,234.50". */
  /** A chart label's amount as a reader says it: $25.0B, $750.0M, $12.5k; exact below $1k. */
  function compactCents(c) {
    const units = [[100000000000000n, "T"], [100000000000n, "B"], [100000000n, "M"], [100000n, "k"]];
    for (const [per, suffix] of units) {
      if (c >= per) {
        const tenths = divHalfEven(c * 10n, per);
        return data.prefix + (tenths / 10n) + "." + (tenths % 10n) + suffix;
      }
    }
    return data.prefix + groupedCents(c);
  }

  function groupedCents(c) {
    const [int, frac] = formatCents(c).split(".");
    return int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + frac;
  }

  /** num / den half-even to six decimals, as clouds.csv writes share_of_paid (SPEC §6.14). */
  function ratio6(num, den) {
    const v = divHalfEven(num * 1000000n, den);
    return (v / 1000000n).toString() + "." + (v % 1000000n).toString().padStart(6, "0");
  }

  /** A rate {n, d} as an exact percentage for the input box: 0.125 -> "12.5%". */
  function percentText(rate) {
    let n = rate.n * 100n;
    let d = rate.d;
    while (d > 1n && n % 10n === 0n) { n /= 10n; d /= 10n; }
    const digits = d.toString().length - 1;
    const int = (n / d).toString();
    const frac = digits > 0 ? "." + (n % d).toString().padStart(digits, "0") : "";
    return int + frac + "%";
  }

  // ---------------------------------------------------------------- dates (whole days)

  const DAY_MS = 86400000;
  function dayNumber(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, m - 1, d) / DAY_MS;
  }
  function isoDate(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  // ---------------------------------------------------------------- the --set grammar

  /**
   * src/scenario/value.rs `parse_number`: unsigned digits[.digits][e±N][suffix], `_` and `,`
   * in the integer part; suffixes k, m/mm, b/bn, t/tn when `allowSuffix`. Returns {n, d} or an
   * error message.
   */
  function parseNumber(text, allowSuffix) {
    let number = text.trim().toLowerCase();
    let suffixPow = 0;
    if (allowSuffix) {
      for (const [suffix, pow] of [["mm", 6], ["bn", 9], ["tn", 12], ["k", 3], ["m", 6], ["b", 9], ["t", 12]]) {
        if (number.endsWith(suffix)) {
          number = number.slice(0, -suffix.length).trimEnd();
          suffixPow = pow;
          break;
        }
      }
    }
    let mantissa = number;
    let exponent = 0;
    const e = number.indexOf("e");
    if (e >= 0) {
      const exp = number.slice(e + 1);
      const expDigits = exp.replace(/^[+-]/, "");
      if (!/^[0-9]{1,4}$/.test(expDigits)) return { error: "not a valid number" };
      mantissa = number.slice(0, e);
      exponent = Number(exp);
    }
    const dot = mantissa.indexOf(".");
    const int = dot >= 0 ? mantissa.slice(0, dot) : mantissa;
    const frac = dot >= 0 ? mantissa.slice(dot + 1) : "";
    if (!/[0-9]/.test(int) || !/^[0-9_,]*$/.test(int)) return { error: "not a valid number" };
    if (!/^[0-9]*$/.test(frac) || (dot >= 0) === (frac === "")) return { error: "not a valid number" };
    let digits = (int.replace(/[_,]/g, "") + frac).replace(/^0+/, "");
    let power = exponent + suffixPow - frac.length;
    while (power < 0 && digits.endsWith("0")) { digits = digits.slice(0, -1); power += 1; }
    if (digits === "") return { n: 0n, d: 1n };
    if (digits.length + power > 29) return { error: "too large for exact arithmetic" };
    if (-power > 28) return { error: "more than 28 decimal places" };
    if (power > 0) { digits += "0".repeat(power); power = 0; }
    if (digits.length > 28) return { error: "more than 28 significant digits" };
    return { n: BigInt(digits), d: pow10(-power) };
  }

  const LIMIT_CENTS = 100000000000000000n; // 10^15 in cents (SPEC §6.4)

  /** A cap: "none" (any case) or money, rounded half-even to cents; {cap: BigInt|null}. */
  function parseCap(text) {
    const trimmed = text.trim();
    if (trimmed.toLowerCase() === "none") return { cap: null };
    let body = trimmed.startsWith("$") ? trimmed.slice(1).trimStart() : trimmed;
    if (body.startsWith("-")) return { error: "amount must be >= 0" };
    if (body.startsWith("+")) body = body.slice(1);
    const v = parseNumber(body, true);
    if (v.error) return { error: v.error + ": expected an amount such as 25B, $25bn, 38000000000 or none" };
    const cap = divHalfEven(v.n * 100n, v.d);
    if (cap >= LIMIT_CENTS) return { error: "a cap must be below 10^15" };
    if (cap < paidBefore) return { error: "below what was paid before (" + groupedCents(paidBefore) + ")" };
    return { cap: cap };
  }

  /** A share rate: "15%" or a fraction "0.15", within 0%..100%; {rate: {n, d}}. */
  function parseRate(text) {
    let number = text.trim();
    const percent = number.endsWith("%");
    if (percent) number = number.slice(0, -1).trimEnd();
    if (number.startsWith("-")) return { error: "a share rate lies from 0% to 100%" };
    if (number.startsWith("+")) number = number.slice(1);
    const v = parseNumber(number, false);
    if (v.error) return { error: v.error + ": expected a rate such as 15% or 0.15" };
    const rate = percent ? { n: v.n, d: v.d * 100n } : v;
    if (rate.d > pow10(28)) return { error: "more than 28 decimal places" };
    if (rate.n > rate.d) return { error: "a share rate lies from 0% to 100%" };
    return { rate: rate };
  }

  // ---------------------------------------------------------------- the model (SPEC §2.4–§2.6)

  const data = JSON.parse(document.getElementById("whatif-data").textContent);
  const paidBefore = BigInt(data.paid_before);
  const periods = data.periods.map((p) => ({
    label: p.label,
    startDay: dayNumber(p.start),
    endDay: dayNumber(p.end),
    firstDay: p.first === null ? null : dayNumber(p.first),
    qd: BigInt(p.qd),
    q: BigInt(p.q),
    df: exactDecimal(p.df),
    cells: p.cells.map(BigInt),
  }));

  /**
   * Everything the panel shows for a cap (cents, or null when uncapped) and a rate {n, d}:
   * the strings summary.csv and clouds.csv would hold, and the cumulative lines.
   */
  function compute(cap, rate) {
    const remainingCap = cap === null ? null : cap - paidBefore;
    let remaining = remainingCap === null ? 0n : remainingCap;
    let hitDay = remainingCap === 0n ? dayNumber(data.effective) : null;
    let accruedTotal = 0n, paidTotal = 0n, npv = 0n, cumPaid = 0n, cumAccrued = 0n;
    const cloudPaid = data.clouds.map(() => 0n);
    const lines = [];
    periods.forEach((p) => {
      const a = divHalfEven(rate.n * p.q, rate.d);
      let paid = a;
      if (remainingCap !== null) {
        if (hitDay === null && remaining !== 0n && a >= remaining) {
          // Even accrual over the qualifying days: k = ceil(remaining × qd / A).
          const k = ceilDiv(remaining * p.qd, a);
          hitDay = p.firstDay + Number(k) - 1;
        }
        paid = a < remaining ? a : remaining;
        remaining -= paid;
      }
      accruedTotal += a;
      paidTotal += paid;
      if (paid !== 0n) npv += divHalfEven(paid * p.df.n, p.df.d);
      if (data.has_cells) {
        largestRemainder(paid, p.cells).forEach((part, s) => {
          cloudPaid[data.stream_clouds[s]] += part;
        });
      }
      cumPaid += paid;
      cumAccrued += a;
      lines.push({ endDay: p.endDay, paid: cumPaid, accrued: cumAccrued });
    });
    if (npv >= LIMIT_CENTS || accruedTotal + paidBefore >= LIMIT_CENTS) {
      return { error: "an amount would reach 10^15: revshare refuses this case" };
    }
    return {
      paid: formatCents(paidTotal),
      foregone: formatCents(accruedTotal - paidTotal),
      npv: formatCents(npv),
      reached: remainingCap !== null && accruedTotal >= remainingCap,
      hitDate: hitDay === null ? "" : isoDate(hitDay),
      hitDay: hitDay,
      clouds: cloudPaid.map((c) => ({
        paid: formatCents(c),
        share: paidTotal > 0n ? ratio6(c, paidTotal) : "",
      })),
      remainingCap: remainingCap,
      lines: lines,
    };
  }

  // ---------------------------------------------------------------- the page

  const $ = (id) => document.getElementById(id);
  const capInput = $("whatif-cap"), capSlider = $("whatif-cap-slider"), capNone = $("whatif-cap-none");
  const rateInput = $("whatif-rate"), rateSlider = $("whatif-rate-slider");
  const scenarioCap = data.cap === null ? null : BigInt(data.cap);
  const scenarioRate = exactDecimal(data.rate);
  const sliderMax = BigInt(data.slider_max);
  const STEPS = 1000n;
  let current = { cap: scenarioCap, rate: scenarioRate };

  function setOutput(id, value, text) {
    const el = $(id);
    el.setAttribute("data-value", value);
    el.textContent = text;
  }

  function show(result) {
    setOutput("whatif-paid", result.paid, groupedCents(BigInt(result.paid.replace(".", ""))));
    setOutput("whatif-foregone", result.foregone, groupedCents(BigInt(result.foregone.replace(".", ""))));
    setOutput("whatif-npv", result.npv, groupedCents(BigInt(result.npv.replace(".", ""))));
    setOutput("whatif-reached", String(result.reached), result.reached ? "yes" : "no");
    setOutput("whatif-hit-date", result.hitDate, result.hitDate || "—");
    if (data.has_cells) {
      const rows = $("whatif-clouds").querySelectorAll("tr[data-cloud]");
      rows.forEach((row, i) => {
        const c = result.clouds[i];
        row.setAttribute("data-value", c.paid);
        row.setAttribute("data-share", c.share);
        const cells = row.querySelectorAll("td");
        cells[1].textContent = groupedCents(BigInt(c.paid.replace(".", "")));
        cells[2].textContent = c.share === "" ? "—" : percentText(exactDecimal(c.share));
      });
    }
    draw(result);
  }

  // The chart: x by day over the horizon, y from 0 to the fixed axis maximum Rust drew.
  const chart = data.chart;
  const axisMax = BigInt(chart.axis_max);
  const startDay = dayNumber(chart.start);
  const spanDays = dayNumber(chart.end) + 1 - startDay;
  const xOf = (day) => (chart.left + (chart.width * (day - startDay)) / spanDays).toFixed(1);
  function yOf(cents) {
    const clamped = cents > axisMax ? axisMax : cents;
    const tenThousandths = Number((clamped * 10000n) / axisMax);
    return (chart.top + chart.height - (chart.height * tenThousandths) / 10000).toFixed(1);
  }
  function draw(result) {
    const base = xOf(startDay) + "," + yOf(0n);
    $("whatif-paid-line").setAttribute("points", [base].concat(result.lines.map((l) => xOf(l.endDay + 1) + "," + yOf(l.paid))).join(" "));
    $("whatif-accrual-line").setAttribute("points", [base].concat(result.lines.map((l) => xOf(l.endDay + 1) + "," + yOf(l.accrued))).join(" "));
    const capLine = $("whatif-cap-line"), capLabel = $("whatif-cap-label");
    if (result.remainingCap === null) {
      capLine.setAttribute("visibility", "hidden");
      capLabel.textContent = "";
    } else {
      const y = yOf(result.remainingCap);
      capLine.setAttribute("y1", y);
      capLine.setAttribute("y2", y);
      capLine.setAttribute("visibility", "visible");
      capLabel.setAttribute("y", y);
      capLabel.textContent = "cap left " + compactCents(result.remainingCap) + (result.remainingCap > axisMax ? " (above the axis)" : "");
    }
    const marker = $("whatif-hit-marker"), hitLabel = $("whatif-hit-label");
    if (result.hitDay === null) {
      marker.setAttribute("visibility", "hidden");
      hitLabel.textContent = "";
    } else {
      const x = xOf(result.hitDay);
      marker.setAttribute("x1", x);
      marker.setAttribute("x2", x);
      marker.setAttribute("visibility", "visible");
      hitLabel.setAttribute("x", x);
      hitLabel.textContent = "cap hit " + result.hitDate;
    }
  }

  function capSliderPosition(cap) {
    if (cap === null || sliderMax <= paidBefore) return cap === null ? Number(STEPS) : 0;
    const pos = ((cap - paidBefore) * STEPS) / (sliderMax - paidBefore);
    return Number(pos > STEPS ? STEPS : pos);
  }
  function syncControls() {
    capNone.checked = current.cap === null;
    capSlider.disabled = current.cap === null;
    capSlider.value = String(capSliderPosition(current.cap));
    const ratePos = (current.rate.n * STEPS) / current.rate.d;
    rateSlider.value = String(Number(ratePos));
  }

  /** The fragment's form of an input: `%`, `&`, `#`, `=` and spaces escaped. */
  function fragmentValue(text) {
    return text.trim().replace(/[%&#=\s+]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
  }
  function updateFragment() {
    const fragment = "#cap=" + fragmentValue(capInput.value) + "&rate=" + fragmentValue(rateInput.value);
    try {
      history.replaceState(null, "", fragment);
    } catch (e) {
      location.hash = fragment;
    }
  }

  /** Applies the text of both inputs; an invalid one shows its message and changes nothing. */
  function apply(fromUser) {
    const cap = parseCap(capInput.value);
    const rate = parseRate(rateInput.value);
    $("whatif-cap-error").textContent = cap.error ? cap.error : "";
    $("whatif-rate-error").textContent = rate.error ? rate.error : "";
    const next = {
      cap: cap.error ? current.cap : cap.cap,
      rate: rate.error ? current.rate : rate.rate,
    };
    const result = compute(next.cap, next.rate);
    if (result.error) {
      $("whatif-rate-error").textContent = result.error;
      return;
    }
    current = next;
    show(result);
    syncControls();
    if (fromUser && !cap.error && !rate.error) updateFragment();
  }

  function scenarioTexts() {
    capInput.value = scenarioCap === null ? "none" : formatCents(scenarioCap);
    rateInput.value = percentText(scenarioRate);
  }

  /** Decodes one fragment value: `15%25` and a bare `15%` both mean 15%. */
  function decodeValue(raw) {
    try {
      return decodeURIComponent(raw);
    } catch (e) {
      return raw;
    }
  }
  function readFragment() {
    scenarioTexts();
    const fragment = location.hash.replace(/^#/, "");
    for (const pair of fragment.split("&")) {
      const eq = pair.indexOf("=");
      if (eq < 0) continue;
      const key = pair.slice(0, eq).toLowerCase();
      const value = decodeValue(pair.slice(eq + 1));
      if (key === "cap") capInput.value = value;
      if (key === "rate") rateInput.value = value;
    }
    current = { cap: scenarioCap, rate: scenarioRate };
    apply(false);
  }

  capInput.addEventListener("change", () => apply(true));
  rateInput.addEventListener("change", () => apply(true));
  capSlider.addEventListener("input", () => {
    const cap = paidBefore + ((sliderMax - paidBefore) * BigInt(capSlider.value)) / STEPS;
    capInput.value = formatCents(cap);
    apply(true);
  });
  rateSlider.addEventListener("input", () => {
    rateInput.value = percentText({ n: BigInt(rateSlider.value), d: STEPS });
    apply(true);
  });
  capNone.addEventListener("change", () => {
    capInput.value = capNone.checked ? "none" : formatCents(scenarioCap === null ? sliderMax : scenarioCap);
    apply(true);
  });
  $("whatif-reset").addEventListener("click", () => {
    scenarioTexts();
    apply(false);
    try {
      history.replaceState(null, "", location.pathname + location.search);
    } catch (e) {
      location.hash = "";
    }
  });
  window.addEventListener("hashchange", readFragment);

  readFragment();
  $("whatif").hidden = false;

  // ---------------------------------------------------------------- hand cases (#selftest)

  /** Runs the arithmetic on hand cases and writes what it got into the page for a test. */
  function selfTest() {
    const got = {
      "half-even 2.5": divHalfEven(5n, 2n),
      "half-even 3.5": divHalfEven(7n, 2n),
      "half-even 2.4999": divHalfEven(24999n, 10000n),
      "half-even 2.5001": divHalfEven(25001n, 10000n),
      "accrual 50% of 0.05": divHalfEven(1n * 5n, 2n),
      "accrual 20% of 0.03": divHalfEven(2n * 3n, 10n),
      "pv 0.05 x 0.5": divHalfEven(5n * 5n, 10n),
      "pv 1100.00 x 0.9090909090909091": divHalfEven(110000n * exactDecimal("0.9090909090909091").n, exactDecimal("0.9090909090909091").d),
      "ceil 12000 x 91 / 18200": ceilDiv(1200000n * 91n, 1820000n),
      "ceil 6500 x 65 / 13000": ceilDiv(650000n * 65n, 1300000n),
      "ceil 18000 x 90 / 18000": ceilDiv(1800000n * 90n, 1800000n),
      "hit 2026-04-01 + 60": isoDate(dayNumber("2026-04-01") + 60 - 1),
      "lr 10 over 100,100,100": largestRemainder(10n, [100n, 100n, 100n]).join(","),
      "lr 100 over 1,2": largestRemainder(100n, [1n, 2n]).join(","),
      "lr 5 over 5,5": largestRemainder(5n, [5n, 5n]).join(","),
      "lr 7 over 0,5,0,2": largestRemainder(7n, [0n, 5n, 0n, 2n]).join(","),
      "share 3/5": ratio6(3n, 5n),
      "share 1/2000000": ratio6(1n, 2000000n),
      "share 3/2000000": ratio6(3n, 2000000n),
      "cap $12.5bn": parseCap("$12.5bn").cap,
      "cap 1e3k": parseCap("1e3k").cap,
      "cap 1_250,000.005": parseCap("1_250,000.005").cap,
      "cap -5": parseCap("-5").error ? "error" : "ok",
      "cap 5.": parseCap("5.").error ? "error" : "ok",
      "rate 15%": percentText(parseRate("15%").rate),
      "rate 0.125": percentText(parseRate("0.125").rate),
      "rate 101%": parseRate("101%").error ? "error" : "ok",
    };
    const list = document.createElement("ul");
    list.id = "whatif-selftest";
    for (const [name, value] of Object.entries(got)) {
      const item = document.createElement("li");
      item.setAttribute("data-case", name);
      item.setAttribute("data-got", String(value));
      item.textContent = name + ": " + String(value);
      list.appendChild(item);
    }
    $("whatif").appendChild(list);
  }
  if (location.hash === "#selftest") selfTest();
})();
