// What a guide's code block gets on the page that Redoc gives only the operations' samples: a copy
// button and highlighting. Redoc renders a guide's fence as a bare `<pre data-language>`; the script
// below, inlined in the page, adds the button once React has hydrated the block (so React never
// meets a node it did not render), and colours the code with the CSS Custom Highlight API, which
// paints ranges of the text without changing the DOM.

/** The highlight names and their colours (Redoc's sample palette). */
export const CODE_HIGHLIGHTS = {
  "novita-vidu-keyword": "#c3288f",
  "novita-vidu-string": "#1d5fbf",
  "novita-vidu-comment": "#6b7280",
  "novita-vidu-number": "#a15c00",
};

/** Each language's tokens, in the order they are tried: comments and strings first, so a keyword inside one is not coloured. */
const KEYWORDS = {
  ts: "import|from|export|const|let|await|async|function|return|if|else|throw|new|try|catch|for|of|in|typeof|instanceof|null|undefined|true|false",
  py: "import|from|def|return|if|elif|else|while|for|in|raise|try|except|with|as|not|and|or|True|False|None",
  sh: "export|npx|npm|curl|cd|node|pipx|go|cp",
};
const ALIASES = { typescript: "ts", python: "py", bash: "sh", shell: "sh" };

const SCRIPT = `(() => {
  const keywords = ${JSON.stringify(KEYWORDS)};
  const aliases = ${JSON.stringify(ALIASES)};
  const names = ${JSON.stringify(Object.keys(CODE_HIGHLIGHTS))};
  const highlights = typeof Highlight === "function" && CSS.highlights ? names.map((name) => {
    const highlight = new Highlight();
    CSS.highlights.set(name, highlight);
    return highlight;
  }) : undefined;
  const hydrated = (node) => Object.keys(node).some((key) => key.startsWith("__reactFiber$"));
  const colour = (pre) => {
    const text = pre.firstChild;
    if (!highlights || !text || text.nodeType !== 3 || pre.childNodes.length !== 1) return;
    const lang = aliases[pre.dataset.language] ?? pre.dataset.language;
    const comment = lang === "ts" ? "//[^\\\\n]*" : "#[^\\\\n]*";
    const words = keywords[lang] ? "\\\\b(?:" + keywords[lang] + ")\\\\b" : "(?!)";
    const token = new RegExp("(" + comment + ")|(\\"(?:[^\\"\\\\\\\\\\\\n]|\\\\\\\\.)*\\"|'(?:[^'\\\\\\\\\\\\n]|\\\\\\\\.)*'|\`[^\`]*\`)|(" + words + ")|(\\\\b\\\\d+(?:\\\\.\\\\d+)?\\\\b)", "g");
    const source = text.data.slice(0, 100000);
    for (const match of source.matchAll(token)) {
      const kind = match[1] ? 2 : match[2] ? 1 : match[3] ? 0 : 3;
      // A "#" that does not start a word (curl's #, a URL's fragment) is not a comment.
      if (kind === 2 && lang === "sh" && match.index > 0 && !/\\\\s/.test(source[match.index - 1])) continue;
      const range = new Range();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      highlights[kind].add(range);
    }
  };
  const enhance = () => {
    for (const pre of document.querySelectorAll("[data-component-name='Markdown/Markdown'] > pre[data-language]")) {
      const box = pre.parentElement;
      if (pre.dataset.novitaViduCode || !hydrated(box)) continue;
      pre.dataset.novitaViduCode = "1";
      colour(pre);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "novita-vidu-copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code");
      button.addEventListener("click", () => {
        navigator.clipboard?.writeText(pre.textContent ?? "").then(() => {
          button.textContent = "Copied";
          setTimeout(() => (button.textContent = "Copy"), 1500);
        }, () => (button.textContent = "Select and copy"));
      });
      box.classList.add("novita-vidu-code");
      box.append(button);
    }
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => ((queued = false), enhance()));
  }).observe(document, { subtree: true, childList: true });
  addEventListener("load", enhance);
})();`;

const STYLE = `
.novita-vidu-code { position: relative; }
.novita-vidu-code > pre { padding-right: 4.5rem !important; }
.novita-vidu-copy { position: absolute; top: 0.5rem; right: 0.5rem; font: inherit; font-size: 0.8em; padding: 0.15rem 0.5rem;
  border: 1px solid rgba(128, 128, 128, 0.45); border-radius: 0.375rem; background: inherit; color: inherit; cursor: pointer; }
${Object.entries(CODE_HIGHLIGHTS)
  .map(([name, color]) => `::highlight(${name}) { color: ${color}; }`)
  .join("\n")}
`;

/** The style and the script, for the page's head. */
export const GUIDE_CODE = `<style>${STYLE}</style>\n<script>${SCRIPT}</script>`;
