/** Reading rendered cards back in tests: elements by type, table cells, button commands. */

type Node = Record<string, unknown>;

export function findAll(node: unknown, accept: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, accept, out));
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (accept(n)) out.push(n);
    Object.values(n).forEach((v) => findAll(v, accept, out));
  }
  return out;
}

/** The text of a table cell: its RichTextBlocks' runs, one line each. */
function cellText(cell: Node): string {
  return findAll(cell.items, (n) => n.type === 'TextRun')
    .map((r) => String(r.text))
    .join('\n');
}

/** Every table in the card as header + rows of cell texts. */
export function tables(card: Node): { header: string[]; rows: string[][] }[] {
  return findAll(card.body, (n) => n.type === 'Table').map((table) => {
    const rows = (table.rows as Node[]).map((row) => (row.cells as Node[]).map(cellText));
    return { header: rows[0]!, rows: rows.slice(1) };
  });
}

/** All texts a user can read (TextBlock and TextRun), in order. */
export function texts(card: Node): string[] {
  return findAll(card, (n) => n.type === 'TextBlock' || n.type === 'TextRun').map((n) => String(n.text));
}

export function actions(card: Node): Node[] {
  return (card.actions as Node[] | undefined) ?? [];
}

/** Buttons inside the body (pagination), as command texts. */
export function bodyCommands(card: Node): { title: string; command: string }[] {
  return findAll(card.body, (n) => n.type === 'Action.Execute').map((a) => ({ title: String(a.title), command: String((a.data as Node).command) }));
}
