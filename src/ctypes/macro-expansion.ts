/**
 * Macro substitution as C does it (C11 6.10.3): a function-like macro's
 * parameters replaced by its arguments, `#` and `##`, GNU's `, ## __VA_ARGS__`.
 * The translation unit (translation-unit.ts) finds the definition and types
 * the result; the arguments stay copies of where they are written, so that
 * their own macros expand as if there.
 */
import { cTokens } from '../c/c-tokens.js';
import type { MacroDefinitionNode } from './declarations.js';
import type { MacroArgument } from './resolver.js';

/** A stretch of a text copied from another: [from, to) of the text is the other's from `source` on. */
export interface Copied {
  readonly from: number;
  readonly to: number;
  readonly source: number;
}

/** The text a macro expands to, with its arguments as copies of where they are written. */
export interface Expansion {
  readonly text: string;
  readonly copies: readonly Copied[];
}

/**
 * A function-like macro's body with its arguments in place: `#x` made a
 * string, `a ## b` pasted, GNU `, ## __VA_ARGS__` dropping its comma when
 * there are none. The other arguments are copies of their text where the
 * macro is used: their macros are expanded as if there when the result is
 * typed, which gives the same type as expanding them first.
 */
export function substitute(definition: MacroDefinitionNode, args: readonly MacroArgument[]): Expansion | null {
  const params = definition.params ?? [];
  const fixed = definition.variadic ? params.length - 1 : params.length;
  const given = args.length === 1 && args[0]!.text === '' && params.length === 0 ? [] : args;
  if (definition.variadic ? given.length < fixed : given.length !== fixed) return null;
  const values = new Map<string, readonly MacroArgument[]>();
  params.forEach((p, k) => values.set(p, definition.variadic && k === params.length - 1 ? given.slice(k) : [given[k]!]));
  const written = (param: string): string =>
    values
      .get(param)!
      .map((a) => a.text)
      .join(', ');
  const body = definition.body;
  const tokens = [...cTokens(body, 'tokens')];
  const pastesAt = (k: number): boolean => tokens[k]?.text === '#' && tokens[k + 1]?.text === '#' && tokens[k + 1]!.start === tokens[k]!.end;
  let out = '';
  const copies: Copied[] = [];
  let previousEnd = 0;
  let pasting = false;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const next = tokens[k + 1];
    const gap = body.slice(previousEnd, token.start);
    if (pastesAt(k)) {
      out = out.trimEnd();
      pasting = true;
      previousEnd = next!.end;
      k++;
      continue;
    }
    if (token.text === '#' && next?.kind === 'identifier' && values.has(next.text)) {
      out += `${gap}${JSON.stringify(written(next.text))}`;
      previousEnd = next.end;
      k++;
      continue;
    }
    const argument = token.kind === 'identifier' ? values.get(token.text) : undefined;
    if (pasting) {
      const replacement = argument ? written(token.text) : token.text;
      if (replacement === '' && out.endsWith(',') && token.text === params[params.length - 1] && definition.variadic) out = out.slice(0, -1);
      else out += replacement.trimStart();
      pasting = false;
    } else if (argument && !pastesAt(k + 1)) {
      out = withArguments(out + gap, argument, copies);
    } else {
      out += gap + (argument ? written(token.text) : token.text);
    }
    previousEnd = token.end;
  }
  return { text: out, copies };
}

/** `NAME(args)` with NAME an object-like macro: its body, then the arguments as they are. */
export function followedByArguments(body: string, args: readonly MacroArgument[]): Expansion {
  const copies: Copied[] = [];
  return { text: `${withArguments(`${body}(`, args, copies)})`, copies };
}

/** `text` and the arguments, comma-separated, each noted in `copies`. */
function withArguments(text: string, args: readonly MacroArgument[], copies: Copied[]): string {
  args.forEach((argument, k) => {
    if (k > 0) text += ', ';
    copies.push({ from: text.length, to: text.length + argument.text.length, source: argument.offset });
    text += argument.text;
  });
  return text;
}
