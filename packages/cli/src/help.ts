import type { AddHelpTextContext } from "commander";

/** Help is never wider than this, even on a wide terminal: prose reads best at about 80. */
export const MAX_HELP_WIDTH = 80;
/** Narrower than this, wrapping would hurt more than it helps (commander's own threshold). */
const MIN_HELP_WIDTH = 40;

/** The width help is laid out for: the terminal's columns, within 40…80 (80 for a pipe). */
export function helpWidth(columns: number | undefined): number {
  return Math.max(MIN_HELP_WIDTH, Math.min(columns ?? MAX_HELP_WIDTH, MAX_HELP_WIDTH));
}

/**
 * Lays out hand-written help text for `width` columns. Help texts are written in the source as
 * paragraphs wrapped by hand at any width; here
 * - a blank line ends a paragraph;
 * - consecutive lines with the same indentation form one paragraph, re-flowed to the width with
 *   that indentation (a line starting with `- ` starts a list item, continued two columns in);
 * - a line starting with `$ ` (an example command) starts a block printed as written up to the
 *   next blank line: commands and their output are never re-wrapped.
 * Commander's own wrapping keeps every hand-made line break and wraps each line again, which
 * leaves one-word lines in the middle of sentences.
 */
export function flowText(text: string, width: number): string {
  const out: string[] = [];
  let paragraph: { indent: number; hang: number; words: string[] } | undefined;
  let verbatim = false;
  const flush = () => {
    if (paragraph !== undefined) out.push(...wrap(paragraph, width));
    paragraph = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    const content = line.trimStart();
    const indent = line.length - content.length;
    if (content === "") {
      flush();
      verbatim = false;
      out.push("");
    } else if (verbatim || content.startsWith("$ ")) {
      flush();
      verbatim = true;
      out.push(line.trimEnd());
    } else if (paragraph !== undefined && indent === paragraph.hang && !content.startsWith("- ")) {
      paragraph.words.push(...content.split(/\s+/));
    } else {
      flush();
      const hang = content.startsWith("- ") ? indent + 2 : indent;
      paragraph = { indent, hang, words: content.split(/\s+/) };
    }
  }
  flush();
  return out.join("\n");
}

/** Greedy word wrap: as many words on each line as fit (a longer word gets a line of its own). */
function wrap(paragraph: { indent: number; hang: number; words: string[] }, width: number) {
  const lines: string[] = [];
  let line = " ".repeat(paragraph.indent);
  let empty = true;
  for (const word of paragraph.words.filter((w) => w !== "")) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = " ".repeat(paragraph.hang);
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Help text for `addHelpText`, flowed to the width of the stream the help goes to. */
export function helpText(text: string): (context: AddHelpTextContext) => string {
  return ({ error, command }) => {
    const output = command.configureOutput();
    const columns = error ? output.getErrHelpWidth?.() : output.getOutHelpWidth?.();
    return flowText(text, helpWidth(columns));
  };
}
