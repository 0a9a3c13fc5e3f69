// Run inside the docs page (page.evaluate): finds what a reader cannot read whole. Self-contained,
// as Playwright sends the function's source to the page.

export interface Broken {
  kind: "wrapped table code" | "clipped table" | "clipped code" | "code under the copy button";
  text: string;
}

export function findBrokenLayout(): Broken[] {
  const found: Broken[] = [];
  const shown = (element: Element) => (element as HTMLElement).offsetParent !== null;
  const lines = (node: Node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  };
  // A code in any table cell, and a failure code, a reason name or an enum value in a table's first
  // column, stays on one line.
  for (const cell of document.querySelectorAll("table tr > td")) {
    if (!shown(cell)) continue;
    const tokens = [...cell.querySelectorAll("code")];
    const first = cell === cell.parentElement?.firstElementChild;
    if (first && tokens.length === 0 && /^\S+$/.test(cell.textContent?.trim() ?? "")) tokens.push(cell as HTMLElement);
    for (const token of tokens)
      if (lines(token) > 1) found.push({ kind: "wrapped table code", text: token.textContent ?? "" });
  }
  // A table fits its box: no column hides behind the edge.
  for (const table of document.querySelectorAll("table")) {
    const box = table.parentElement;
    if (!shown(table) || !box) continue;
    if (
      table.getBoundingClientRect().right > box.getBoundingClientRect().right + 1 ||
      box.scrollWidth > box.clientWidth + 1
    )
      found.push({ kind: "clipped table", text: (table.querySelector("th")?.textContent ?? "").slice(0, 60) });
  }
  for (const pre of document.querySelectorAll("pre")) {
    if (!shown(pre)) continue;
    const text = (pre.textContent ?? "").slice(0, 60);
    if (pre.scrollWidth > pre.clientWidth + 1) found.push({ kind: "clipped code", text });
    const button = pre.parentElement?.parentElement?.querySelector(".tooltip-copy-button");
    if (!button || !shown(button)) continue;
    const box = button.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(pre);
    const under = [...range.getClientRects()].some(
      (r) => r.width > 0 && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top,
    );
    if (under) found.push({ kind: "code under the copy button", text });
  }
  return found;
}
