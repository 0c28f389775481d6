import { bad } from './decode.js';

/** Receives the document as it streams; names are local (namespace prefix stripped). */
export interface SaxHandler {
  /** When false, text is skipped without decoding (outside the parts being captured). */
  readonly wantText: boolean;
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(value: string): void;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** Replaces the five predefined entities and character references; anything else is refused. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&\s]{0,12});?/g, (m, ref: string) => {
    if (m.endsWith(';')) {
      if (ref[0] === '#') {
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (Number.isFinite(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      } else if (ENTITIES[ref] !== undefined) return ENTITIES[ref];
    }
    throw bad(`CommerceML file uses an undefined or malformed entity "${m}"; only &amp; &lt; &gt; &quot; &apos; and character references are accepted`);
  });
}

/**
 * A small streaming XML tokenizer: well-formedness (matching tags, one root, complete document),
 * no DTD at all. DOCTYPE and ENTITY declarations are refused before anything is expanded, which
 * rules out entity expansion (billion laughs) and external entities (XXE).
 */
export class XmlStream {
  private buf = '';
  private seen = 0;
  private readonly stack: string[] = [];
  private rootDone = false;

  constructor(private readonly h: SaxHandler) {}

  write(chunk: string): void {
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.pump(false);
  }

  end(): void {
    this.pump(true);
    if (this.stack.length) throw bad(`CommerceML file is truncated: it ends inside <${this.stack[this.stack.length - 1]}>`);
    if (this.buf.trim()) throw this.fail('unexpected text at the end of the document');
    if (!this.rootDone) throw bad('CommerceML file is empty: no root element');
  }

  private fail(what: string, at = 0): Error {
    return bad(`CommerceML file is not well-formed XML: ${what} (near character ${this.seen + at})`);
  }

  private pump(final: boolean): void {
    const b = this.buf;
    const n = b.length;
    let pos = 0;
    while (pos < n) {
      const lt = b.indexOf('<', pos);
      if (lt < 0) {
        if (!final) break;
        this.textAt(b, pos, n);
        pos = n;
        break;
      }
      if (lt > pos) this.textAt(b, pos, lt);
      pos = lt;
      if (lt + 1 >= n) break;
      const c = b.charCodeAt(lt + 1);
      if (c === 33) {
        if (n - lt < 9 && !final) break;
        if (b.startsWith('<!--', lt)) {
          const e = b.indexOf('-->', lt + 4);
          if (e < 0) break;
          pos = e + 3;
        } else if (b.startsWith('<![CDATA[', lt)) {
          const e = b.indexOf(']]>', lt + 9);
          if (e < 0) break;
          if (!this.stack.length) throw this.fail('CDATA outside the root element', lt);
          if (this.h.wantText) this.h.text(b.slice(lt + 9, e));
          pos = e + 3;
        } else if (/^<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.test(b.slice(lt, lt + 10))) {
          throw bad('CommerceML file refused: it contains a DOCTYPE/ENTITY declaration, which 1C never sends (entity expansion and external entities are not accepted)');
        } else throw this.fail('unexpected "<!"', lt);
        continue;
      }
      if (c === 63) {
        const e = b.indexOf('?>', lt + 2);
        if (e < 0) break;
        pos = e + 2;
        continue;
      }
      const gt = tagEnd(b, lt + 1);
      if (gt === -2) throw this.fail('"<" inside a tag', lt);
      if (gt < 0) break;
      if (c === 47) this.closeTag(b.slice(lt + 2, gt).trim(), lt);
      else this.openTag(b, lt + 1, b.charCodeAt(gt - 1) === 47 ? gt - 1 : gt, b.charCodeAt(gt - 1) === 47);
      pos = gt + 1;
    }
    this.seen += pos;
    this.buf = pos >= n ? '' : b.slice(pos);
  }

  private textAt(b: string, from: number, to: number): void {
    if (!this.stack.length) {
      if (b.slice(from, to).trim()) throw this.fail('text outside the root element', from);
      return;
    }
    if (this.h.wantText) this.h.text(detach(decodeEntities(b.slice(from, to))));
  }

  private openTag(b: string, from: number, to: number, selfClosing: boolean): void {
    let i = from;
    while (i < to && !isSpace(b.charCodeAt(i))) i++;
    const qname = b.slice(from, i);
    if (!qname || /[<>"'=&]/.test(qname)) throw this.fail(`bad tag name "${qname}"`, from);
    if (this.rootDone) throw this.fail('a second root element', from);
    const attrs: Record<string, string> = {};
    while (i < to) {
      const ch = b.charCodeAt(i);
      if (isSpace(ch)) {
        i++;
        continue;
      }
      ATTR.lastIndex = i;
      const m = ATTR.exec(b);
      if (!m || m.index + m[0].length > to) throw this.fail(`malformed attribute in <${qname}>`, i);
      const raw = m[2] ?? m[3] ?? '';
      attrs[m[1]!.startsWith('xmlns') ? m[1]! : local(m[1]!)] = detach(decodeEntities(raw));
      i = m.index + m[0].length;
    }
    const name = local(qname);
    if (selfClosing) {
      if (!this.stack.length) this.rootDone = true;
      this.h.open(name, attrs, true);
      this.h.close(name);
    } else {
      this.stack.push(name);
      this.h.open(name, attrs, false);
    }
  }

  private closeTag(qname: string, at: number): void {
    const name = local(qname);
    const top = this.stack.pop();
    if (top !== name) throw this.fail(top ? `</${qname}> closes <${top}>` : `unexpected </${qname}>`, at);
    if (!this.stack.length) this.rootDone = true;
    this.h.close(name);
  }
}

/**
 * A copy of a value cut from the chunk. V8 keeps a long slice as a view into its parent string, so
 * 100,000 offer Ids would otherwise keep every 1 MB chunk of the file alive until the import ends.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function local(q: string): string {
  const k = q.indexOf(':');
  return k < 0 ? q : q.slice(k + 1);
}

/** Index of the `>` ending a tag that starts at `from`, skipping `>` inside quoted attribute values. */
function tagEnd(b: string, from: number): number {
  const gt = b.indexOf('>', from);
  if (gt < 0) return -1;
  let i = from;
  while (i < gt) {
    const c = b.charCodeAt(i);
    if (c === 34 || c === 39) break;
    if (c === 60) return -2;
    i++;
  }
  if (i === gt) return gt;
  let quote = 0;
  for (; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
    else if (c === 60) return -2;
  }
  return -1;
}
