/**
 * Reading the shell examples out of the docs: every fenced ```sh block, its skip marker, its
 * logical lines (continuations joined, comments split off) and the words of each line, enough to
 * tell which programs a line starts and which file names it mentions. The line itself is run by
 * bash as the reader would type it; these words only classify it.
 */

export interface DocBlock {
  file: string;
  /** "sh": commands to run; "output": what the command just before it prints (opt-in marker). */
  kind: "sh" | "output";
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** The reason given by a `<!-- docs-test: skip (reason) -->` line just before the fence. */
  skip?: string;
}

export interface DocLine {
  /** 1-based line in the doc where the command starts. */
  line: number;
  /** The command without its trailing comment, continuations joined. */
  command: string;
  comment: string;
  /** The exit status the doc promises: `# exit N` in the comment, else 0. */
  expectedStatus: number;
}

const SKIP_MARKER = /^<!--\s*docs-test:\s*skip\s*\((.+)\)\s*-->$/;
const OUTPUT_MARKER = /^<!--\s*docs-test:\s*output\s*-->$/;
const FENCE_OPEN = /^```sh\s*$/;

/**
 * Every ```sh block of a Markdown text, with the skip reason when the block is marked, and every
 * block (any language) marked `<!-- docs-test: output -->`: the stdout of the doc's command just
 * before it.
 */
export function extractBlocks(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```/.test(lines[i]!)) continue;
    let previous = i - 1;
    while (previous >= 0 && lines[previous]!.trim() === "") previous--;
    const before = previous >= 0 ? lines[previous]!.trim() : "";
    const skip = SKIP_MARKER.exec(before);
    const kind = FENCE_OPEN.test(lines[i]!) ? "sh" : OUTPUT_MARKER.test(before) ? "output" : undefined;
    const start = i;
    const body: string[] = [];
    // Other fenced blocks are passed over whole, so a ```sh inside a ```md example is not taken.
    while (++i < lines.length && !/^```\s*$/.test(lines[i]!)) body.push(lines[i]!);
    if (kind) blocks.push({ file, kind, line: start + 1, code: body.join("\n"), ...(skip ? { skip: skip[1]!.trim() } : {}) });
  }
  return blocks;
}

/** The commands of a block: `\` continuations joined, blank and comment-only lines dropped. */
export function logicalLines(block: DocBlock): DocLine[] {
  const raw = block.code.split("\n");
  const result: DocLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    const startLine = block.line + 1 + i;
    let text = raw[i]!;
    while (/\\$/.test(text) && i + 1 < raw.length) text = `${text.slice(0, -1)} ${raw[++i]!.trim()}`;
    if (text.trim() === "" || text.trim().startsWith("#")) continue;
    const { command, comment } = splitComment(text);
    const exit = /\bexit (\d+)\b/.exec(comment);
    result.push({ line: startLine, command: command.trim(), comment, expectedStatus: exit ? Number(exit[1]) : 0 });
  }
  return result;
}

/** Splits off a trailing `# comment` (a `#` outside quotes that starts a word). */
export function splitComment(text: string): { command: string; comment: string } {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "\\") i++;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) return { command: text.slice(0, i), comment: text.slice(i + 1).trim() };
  }
  return { command: text, comment: "" };
}

export interface Word {
  text: string;
  /** Quoted, or holding a `$`: not a literal file name the docs chose. */
  literal: boolean;
}

/**
 * The words and operators of one line (| || && ; > >> < as their own words), quotes removed.
 * `$(…)` substitutions are kept whole inside their word; {@link substitutions} reads them.
 */
export function words(command: string): Word[] {
  const out: Word[] = [];
  let current = "";
  let literal = true;
  let started = false;
  const flush = () => {
    if (started) out.push({ text: current, literal });
    current = "";
    literal = true;
    started = false;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (/\s/.test(c)) flush();
    else if (c === "'" || c === '"') {
      const end = closing(command, i);
      current += command.slice(i + 1, end);
      literal = false;
      started = true;
      i = end;
    } else if (c === "$" && command[i + 1] === "(") {
      const end = matchingParen(command, i + 1);
      current += command.slice(i, end + 1);
      literal = false;
      started = true;
      i = end;
    } else if ("|&;<>".includes(c)) {
      flush();
      const two = command.slice(i, i + 2);
      const op = ["||", "&&", ">>"].includes(two) ? two : c;
      out.push({ text: op, literal: false });
      i += op.length - 1;
    } else {
      if (c === "$") literal = false;
      current += c === "\\" ? (command[++i] ?? "") : c;
      started = true;
    }
  }
  flush();
  return out;
}

function closing(text: string, open: number): number {
  const quote = text[open]!;
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") i++;
    else if (quote === '"' && text[i] === "$" && text[i + 1] === "(") i = matchingParen(text, i + 1);
    else if (text[i] === quote) return i;
  }
  return text.length;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return text.length;
}

/** The inner commands of every `$(…)` in a line, outermost first. */
export function substitutions(command: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < command.length; i++) {
    if (command[i] === "$" && command[i + 1] === "(") {
      const end = matchingParen(command, i + 1);
      found.push(command.slice(i + 2, end));
      i = end;
    }
  }
  return found;
}

const OPERATORS = new Set(["|", "||", "&&", ";"]);
const REDIRECTS = new Set([">", ">>", "<"]);

/** One simple command of a line: its program and its arguments (assignments and redirections apart). */
export interface SimpleCommand {
  program: string;
  args: string[];
  /** Literal words of the arguments (file names chosen by the doc). */
  literalArgs: string[];
  /** Files written by `>`/`>>`, literal ones only. */
  redirectOutputs: string[];
}

/** The simple commands of a line (split at | || && ;). `eval "…"` is read as its string. */
export function simpleCommands(command: string): SimpleCommand[] {
  const all = words(command);
  const result: SimpleCommand[] = [];
  let current: Word[] = [];
  const finish = () => {
    const parts: Word[] = [];
    const redirectOutputs: string[] = [];
    for (let i = 0; i < current.length; i++) {
      const w = current[i]!;
      if (REDIRECTS.has(w.text)) {
        const target = current[++i];
        if (target && w.text !== "<" && target.literal) redirectOutputs.push(target.text);
      } else parts.push(w);
    }
    while (parts.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(parts[0]!.text)) parts.shift();
    if (parts.length > 0) {
      if (parts[0]!.text === "eval") result.push(...simpleCommands(parts.slice(1).map((p) => p.text).join(" ")));
      else result.push({ program: parts[0]!.text, args: parts.slice(1).map((p) => p.text), literalArgs: parts.slice(1).filter((p) => p.literal).map((p) => p.text), redirectOutputs });
    }
    current = [];
  };
  for (const w of all) {
    if (OPERATORS.has(w.text)) finish();
    else current.push(w);
  }
  finish();
  return result;
}
