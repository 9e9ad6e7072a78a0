// How a typed number is read, shown while typing next to each value cell ("đọc là 1250").
// The rule is baocao/domain/numbers.py (parse_number, read_number, spoken_number) with the
// note of reports/presenters.value_reading, mirrored here line by line;
// tests/e2e/test_figures_excel_browser.py checks that both read a list of inputs alike.
// Without JavaScript the server shows its reading after each save.
(() => {
  "use strict";
  const msgs = document.getElementById("reading-msgs");
  if (!msgs) return;
  const THOUSANDS_DOTS = /^[+-]?\d{1,3}(\.\d{3})+$/;
  const THOUSANDS_COMMAS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
  const ONE_GROUP = /^[+-]?\d{1,3}[.,]\d{3}%?$/;
  const PLAIN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

  // parse_number: the plain decimal text ("1250.5") of a Vietnamese input, or null.
  function parse(raw) {
    let text = raw.trim().replace(/[\u00a0 ]/g, "");
    if (text.endsWith("%")) text = text.slice(0, -1);
    if (!text) return null;
    if (text.includes(",") && text.includes(".")) {
      if (text.lastIndexOf(",") > text.lastIndexOf(".")) {
        const cut = text.lastIndexOf(",");
        const whole = text.slice(0, cut);
        if (!THOUSANDS_DOTS.test(whole)) return null;
        text = `${whole.replace(/\./g, "")}.${text.slice(cut + 1)}`;
      } else if (THOUSANDS_COMMAS.test(text)) {
        text = text.replace(/,/g, "");
      } else {
        return null;
      }
    } else if (text.includes(",")) {
      if (text.split(",").length > 2) return null;
      text = text.replace(",", ".");
    } else if (THOUSANDS_DOTS.test(text)) {
      text = text.replace(/\./g, "");
    }
    return PLAIN.test(text) ? text : null;
  }

  // spoken_number: "1250", "12 345 678", "12,5" — never a dot.
  function spoken(plain) {
    const sign = plain.startsWith("-") ? "-" : "";
    let [whole, decimals = ""] = plain.replace(/^[+-]/, "").split(".");
    whole = whole.replace(/^0+(?=\d)/, "") || "0";
    decimals = decimals.replace(/0+$/, "");
    if (whole.length > 4) whole = whole.replace(/\B(?=(\d{3})+$)/g, "\u00a0");
    return sign + whole + (decimals ? `,${decimals}` : "");
  }

  // value_reading: [note, ambiguous].
  function reading(raw) {
    const plain = parse(raw || "");
    if (plain === null) return ["", false];
    const text = spoken(plain);
    const compact = raw.trim().replace(/[\u00a0 ]/g, "");
    if (ONE_GROUP.test(compact)) {
      const digits = compact.replace(/%+$/, "");
      const other = spoken(digits.includes(".") ? digits : digits.replace(",", ""));
      if (other !== text) {
        const hint = (raw.includes(".") ? msgs.dataset.dot : msgs.dataset.comma)
          .replace("%(other)s", other);
        return [msgs.dataset.ambiguous.replace("%(value)s", text).replace("%(hint)s", hint),
          true];
      }
    }
    if (text === raw.trim() && !text.includes(",")) return ["", false];
    return [msgs.dataset.read.replace("%(value)s", text), false];
  }
  window.baocaoReading = reading;

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.id) return;
    const out = document.querySelector(`[data-reading-for="${CSS.escape(input.id)}"]`);
    if (!out) return;
    const [note, ambiguous] = reading(input.value);
    out.textContent = ambiguous ? `⚠ ${note}` : note;
    out.classList.toggle("ambiguous", ambiguous);
  });
})();
