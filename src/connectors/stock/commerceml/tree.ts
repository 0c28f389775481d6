import type { SaxHandler } from './sax.js';

/** A captured element: small subtrees (one Товар, one Предложение) are built, the rest streams by. */
export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

/** Builds nodes for the subtrees `want` selects and hands each over when it closes. */
export class Capture implements SaxHandler {
  /** Local names of the open elements, root first. Callbacks must not keep it. */
  readonly path: string[] = [];
  private readonly nodes: XNode[] = [];

  constructor(
    private readonly want: (path: readonly string[]) => boolean,
    private readonly onNode: (path: readonly string[], node: XNode) => void,
    private readonly onOpen?: (path: readonly string[], attrs: Record<string, string>) => void,
  ) {}

  get wantText(): boolean {
    return this.nodes.length > 0;
  }

  open(name: string, attrs: Record<string, string>): void {
    this.path.push(name);
    const depth = this.nodes.length;
    if (depth) {
      const node: XNode = { name, attrs, children: [], text: '' };
      this.nodes[depth - 1]!.children.push(node);
      this.nodes.push(node);
      return;
    }
    this.onOpen?.(this.path, attrs);
    if (this.want(this.path)) this.nodes.push({ name, attrs, children: [], text: '' });
  }

  close(): void {
    const node = this.nodes.pop();
    if (node && !this.nodes.length) this.onNode(this.path, node);
    this.path.pop();
  }

  text(value: string): void {
    const node = this.nodes[this.nodes.length - 1];
    if (node) node.text += value;
  }
}

export function child(n: XNode | undefined, name: string): XNode | undefined {
  if (!n) return undefined;
  for (const c of n.children) if (c.name === name) return c;
  return undefined;
}

export function childrenOf(n: XNode | undefined, name: string): XNode[] {
  return n ? n.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of the first child called `name`, or undefined when absent or empty. */
export function textOf(n: XNode | undefined, name: string): string | undefined {
  const t = child(n, name)?.text.trim();
  return t ? t : undefined;
}

/** `ЗначенияРеквизитов/ЗначениеРеквизита` (Наименование → Значение) as a record. */
export function requisites(n: XNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of childrenOf(child(n, 'ЗначенияРеквизитов'), 'ЗначениеРеквизита')) {
    const k = textOf(r, 'Наименование');
    if (k) out[k] = textOf(r, 'Значение') ?? '';
  }
  return out;
}
