/**
 * Whether a value may be passed where a type is declared without gcc
 * complaining (C11 6.5.16.1, simple assignment, which argument passing
 * follows): what an evmarker's generated call does with each PARAM.
 */
import { canonical, sameType, typeToString, unqualified, type CType } from './types.js';

const isArithmetic = (t: CType): boolean => t.kind === 'integer' || t.kind === 'floating' || t.kind === 'enum';

/** Null when `from` converts to `to` silently; else why gcc would not. */
export function assignmentProblem(to: CType, from: CType): string | null {
  const target = unqualified(to);
  const source = unqualified(from);
  if (isArithmetic(target) && isArithmetic(source)) return null;
  if (target.kind === 'integer' && target.name === '_Bool' && source.kind === 'pointer') return null;
  if (target.kind === 'pointer' && source.kind === 'pointer') return pointerProblem(target, source);
  if (target.kind === 'record' && source.kind === 'record') {
    return target.union === source.union && target.tag !== null && target.tag === source.tag ? null : 'a different struct or union';
  }
  if (target.kind === 'pointer' && (source.kind === 'integer' || source.kind === 'enum')) return 'makes pointer from integer without a cast';
  if ((target.kind === 'integer' || target.kind === 'enum') && source.kind === 'pointer') return 'makes integer from pointer without a cast';
  return `incompatible types when passing '${typeToString(from)}' as '${typeToString(to)}'`;
}

function pointerProblem(target: Extract<CType, { kind: 'pointer' }>, source: Extract<CType, { kind: 'pointer' }>): string | null {
  const to = canonical(target.to);
  const from = canonical(source.to);
  if (to.kind !== 'void' && from.kind !== 'void' && !sameType(stripConst(to), stripConst(from))) return 'incompatible pointer type';
  return source.constTarget && !target.constTarget ? "discards 'const' qualifier from pointer target type" : null;
}

/** Constness one level down does not make pointee types incompatible here: only the outer qualifier was checked. */
function stripConst(type: CType): CType {
  return type.kind === 'pointer' && type.constTarget ? { ...type, constTarget: false } : type;
}
