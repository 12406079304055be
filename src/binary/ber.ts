import { concatBytes, decodeOid, readDefiniteLength } from "./der.js";
import { errors } from "../model/errors.js";

/**
 * A bounded BER tree reader for PKCS#12, whose files are DER from Java and OpenSSL but may use
 * BER (indefinite lengths, constructed OCTET STRINGs) from other tools; Java accepts both. Every
 * length is checked against its parent, and nesting is limited, so hostile input fails with
 * TRUNCATED / MALFORMED / LIMIT instead of a crash.
 */
export interface BerNode {
  /** Identifier byte with the constructed bit cleared (e.g. 0x30 SEQUENCE → 0x10, [0] → 0x80). */
  readonly tag: number;
  readonly constructed: boolean;
  /** Children of a constructed node. */
  readonly children: readonly BerNode[];
  /** Content bytes of a primitive node (a view into the input). */
  readonly content: Uint8Array;
  /** The node's whole encoding (header, content and any end-of-contents octets). */
  readonly encoded: Uint8Array;
}

const NO_CHILDREN: readonly BerNode[] = Object.freeze([]);
const NO_CONTENT = new Uint8Array(0);

/**
 * A node keeps offsets and makes its byte views only when asked: a 10,000-certificate PKCS#12 has
 * some 150,000 nodes, and two eager subarrays per node were most of its decoding time (in GC).
 */
class OffsetNode implements BerNode {
  constructor(
    private readonly bytes: Uint8Array,
    readonly tag: number,
    readonly constructed: boolean,
    readonly children: readonly BerNode[],
    private readonly start: number,
    private readonly contentStart: number,
    /** End of the content (for indefinite lengths: where the end-of-contents octets start). */
    private readonly contentEnd: number,
    /** End of the whole encoding. */
    readonly end: number,
  ) {}

  get content(): Uint8Array {
    return this.constructed ? NO_CONTENT : this.bytes.subarray(this.contentStart, this.contentEnd);
  }

  get encoded(): Uint8Array {
    return this.bytes.subarray(this.start, this.end);
  }
}

export const BER = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x10,
  SET: 0x11,
  BMP_STRING: 0x1e,
  CONTEXT_0: 0x80,
} as const;

const MAX_DEPTH = 48;

/** Parses one element at the start of `bytes` (trailing bytes are ignored, as Java does). */
export function parseBer(bytes: Uint8Array): BerNode {
  return readNode(bytes, 0, bytes.length, 0);
}

function readNode(bytes: Uint8Array, offset: number, limit: number, depth: number): OffsetNode {
  if (depth > MAX_DEPTH) throw errors.limit(`ASN.1 nesting deeper than ${MAX_DEPTH}`);
  if (offset + 2 > limit) throw errors.truncated("an ASN.1 element");
  const identifier = bytes[offset]!;
  if ((identifier & 0x1f) === 0x1f) throw errors.malformed("high-tag-number ASN.1 form is not used by keystores");
  const constructed = (identifier & 0x20) !== 0;
  const tag = identifier & ~0x20;
  if (bytes[offset + 1] === 0x80) {
    if (!constructed) throw errors.malformed("indefinite length on a primitive ASN.1 element");
    const children: BerNode[] = [];
    let cursor = offset + 2;
    for (;;) {
      if (cursor + 2 > limit) throw errors.truncated("an indefinite-length ASN.1 element");
      if (bytes[cursor] === 0 && bytes[cursor + 1] === 0) break;
      const child = readNode(bytes, cursor, limit, depth + 1);
      children.push(child);
      cursor = child.end;
    }
    return new OffsetNode(bytes, tag, constructed, children, offset, offset + 2, cursor, cursor + 2);
  }
  const { contentStart, end } = readDefiniteLength(bytes, offset + 1, limit);
  let children = NO_CHILDREN;
  if (constructed && end > contentStart) {
    const list: BerNode[] = [];
    let cursor = contentStart;
    while (cursor < end) {
      const child = readNode(bytes, cursor, end, depth + 1);
      list.push(child);
      cursor = child.end;
    }
    children = list;
  }
  return new OffsetNode(bytes, tag, constructed, children, offset, contentStart, end, end);
}

/**
 * The children of the constructed element at the start of `bytes`, each parsed (with its subtree)
 * only when the caller reaches it. A PKCS#12 safe of 50,000 certificates is some 750,000 nodes:
 * read bag by bag, each bag's nodes can go as soon as it has been looked at.
 */
export function* berChildren(bytes: Uint8Array, tag: number, what: string): Generator<BerNode> {
  if (bytes.length < 2) throw errors.truncated(what);
  const identifier = bytes[0]!;
  if ((identifier & ~0x20) !== tag) throw errors.malformed(`${what}: unexpected ASN.1 tag 0x${(identifier & ~0x20).toString(16)}`);
  if ((identifier & 0x20) === 0) throw errors.malformed(`${what} should be constructed`);
  const indefinite = bytes[1] === 0x80;
  let cursor: number;
  let end: number;
  if (indefinite) {
    cursor = 2;
    end = bytes.length;
  } else {
    ({ contentStart: cursor, end } = readDefiniteLength(bytes, 1, bytes.length));
  }
  for (;;) {
    if (indefinite) {
      if (cursor + 2 > end) throw errors.truncated(`the end of ${what}`);
      if (bytes[cursor] === 0 && bytes[cursor + 1] === 0) return;
    } else if (cursor >= end) return;
    const child = readNode(bytes, cursor, end, 1);
    cursor = child.end;
    yield child;
  }
}

/** Typed access with MALFORMED errors that say what was expected. */
export function expectNode(node: BerNode | undefined, tag: number, what: string): BerNode {
  if (!node) throw errors.malformed(`${what} is missing`);
  if (node.tag !== tag) throw errors.malformed(`${what}: unexpected ASN.1 tag 0x${node.tag.toString(16)}`);
  return node;
}

/** The children of a constructed node of the given tag. */
export function sequence(node: BerNode | undefined, what: string, tag: number = BER.SEQUENCE): readonly BerNode[] {
  const checked = expectNode(node, tag, what);
  if (!checked.constructed) throw errors.malformed(`${what} should be constructed`);
  return checked.children;
}

/** The bytes of an OCTET STRING (or an implicitly tagged one), joining BER constructed pieces. */
export function octets(node: BerNode | undefined, what: string, tag: number = BER.OCTET_STRING): Uint8Array {
  const checked = expectNode(node, tag, what);
  if (!checked.constructed) return checked.content;
  return concatBytes(...checked.children.map((child) => octets(child, what, BER.OCTET_STRING)));
}

export function oid(node: BerNode | undefined, what: string): string {
  return decodeOid(expectNode(node, BER.OID, what).content);
}

/** A non-negative INTEGER that fits a JS number safely. */
export function integer(node: BerNode | undefined, what: string): number {
  const content = expectNode(node, BER.INTEGER, what).content;
  if (content.length === 0 || content[0]! & 0x80) throw errors.malformed(`${what} is not a non-negative integer`);
  let value = 0;
  for (const byte of content) {
    value = value * 256 + byte;
    if (value > Number.MAX_SAFE_INTEGER) throw errors.malformed(`${what} is too large`);
  }
  return value;
}

/** The single child of an EXPLICIT [n] wrapper. */
export function explicit(node: BerNode | undefined, what: string, tag: number = BER.CONTEXT_0): BerNode {
  const [inner] = sequence(node, what, tag);
  if (!inner) throw errors.malformed(`${what} is empty`);
  return inner;
}
