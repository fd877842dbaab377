/**
 * Kernel and C library typedefs known without a header (docs/ctypes.md#what-is-approximated-and-why). A
 * definition in the tree's own headers wins over these.
 */
import type { Abi } from '../model/abi.js';
import { int, PLAIN_CHAR, pointerTo, typedef, VOID, type CType } from './types.js';

const signedLong = int('long');
const unsignedLong = int('long', false);

function table(abi: Abi): ReadonlyMap<string, CType> {
  const lp64 = abi === 'lp64';
  const int64 = lp64 ? signedLong : int('long long');
  const uint64 = lp64 ? unsignedLong : int('long long', false);
  const word = lp64 ? signedLong : int('int');
  const uword = lp64 ? unsignedLong : int('int', false);
  const entries: Array<[string, CType]> = [
    ['u8', int('char', false)],
    ['s8', int('char')],
    ['u16', int('short', false)],
    ['s16', int('short')],
    ['u32', int('int', false)],
    ['s32', int('int')],
    ['u64', int('long long', false)],
    ['s64', int('long long')],
    ['__u8', int('char', false)],
    ['__s8', int('char')],
    ['__u16', int('short', false)],
    ['__s16', int('short')],
    ['__u32', int('int', false)],
    ['__s32', int('int')],
    ['__u64', int('long long', false)],
    ['__s64', int('long long')],
    ['__le16', int('short', false)],
    ['__le32', int('int', false)],
    ['__le64', int('long long', false)],
    ['__be16', int('short', false)],
    ['__be32', int('int', false)],
    ['__be64', int('long long', false)],
    ['int8_t', int('char')],
    ['int16_t', int('short')],
    ['int32_t', int('int')],
    ['int64_t', int64],
    ['uint8_t', int('char', false)],
    ['uint16_t', int('short', false)],
    ['uint32_t', int('int', false)],
    ['uint64_t', uint64],
    ['intmax_t', int64],
    ['uintmax_t', uint64],
    ['size_t', uword],
    ['ssize_t', word],
    ['ptrdiff_t', word],
    ['intptr_t', word],
    ['uintptr_t', uword],
    ['pid_t', int('int')],
    ['uid_t', int('int', false)],
    ['gid_t', int('int', false)],
    ['mode_t', int('int', false)],
    ['umode_t', int('short', false)],
    ['dev_t', int('int', false)],
    ['off_t', signedLong],
    ['loff_t', int('long long')],
    ['time_t', signedLong],
    ['time64_t', int('long long')],
    ['ktime_t', int('long long')],
    ['clockid_t', int('int')],
    ['gfp_t', int('int', false)],
    ['sector_t', int('long long', false)],
    ['blkcnt_t', int('long long', false)],
    ['phys_addr_t', int('long long', false)],
    ['dma_addr_t', int('long long', false)],
    ['resource_size_t', int('long long', false)],
    ['irq_hw_number_t', unsignedLong],
    ['pgoff_t', unsignedLong],
    ['bool', int('_Bool', false)],
    // glibc x86: wchar_t is `int` on x86-64 but `long` on i386 (gcc's __WCHAR_TYPE__).
    ['wchar_t', lp64 ? int('int') : signedLong],
    ['wint_t', int('int', false)],
    ['char16_t', int('short', false)],
    ['char32_t', int('int', false)],
    ['__kernel_size_t', uword],
    ['__kernel_ssize_t', word],
    ['__kernel_ptrdiff_t', word],
    ['__kernel_pid_t', int('int')],
    ['__kernel_loff_t', int('long long')],
    ['__kernel_off_t', signedLong],
    ['uint', int('int', false)],
    ['ulong', unsignedLong],
    ['ushort', int('short', false)],
    ['u_int8_t', int('char', false)],
    ['u_int16_t', int('short', false)],
    ['u_int32_t', int('int', false)],
    ['u_int64_t', uint64],
    // glibc's own names, which its headers define through macros (`__STD_TYPE __OFF_T_TYPE __off_t;`) kmark does not expand.
    ['__off_t', signedLong],
    ['__off64_t', int64],
    ['__pid_t', int('int')],
    ['__uid_t', int('int', false)],
    ['__gid_t', int('int', false)],
    ['__mode_t', int('int', false)],
    ['__time_t', signedLong],
    ['__time64_t', int64],
    ['__suseconds_t', signedLong],
    ['__ssize_t', word],
    ['__clock_t', signedLong],
    ['__syscall_slong_t', signedLong],
    ['__syscall_ulong_t', unsignedLong],
  ];
  return new Map(entries.map(([name, target]) => [name, typedef(name, target)]));
}

const TABLES: Record<Abi, ReadonlyMap<string, CType>> = { lp64: table('lp64'), ilp32: table('ilp32') };

/**
 * Names the kernel and glibc's <sys/types.h> both define, with other types
 * (glibc x86: `__off64_t`, `__UQUAD_TYPE`, `__SLONGWORD_TYPE`).
 */
function cLibraryTable(abi: Abi): ReadonlyMap<string, CType> {
  const lp64 = abi === 'lp64';
  const entries: Array<[string, CType]> = [
    ['loff_t', lp64 ? signedLong : int('long long')],
    ['dev_t', lp64 ? unsignedLong : int('long long', false)],
    ['blkcnt_t', signedLong],
  ];
  return new Map(entries.map(([name, target]) => [name, typedef(name, target)]));
}

const C_LIBRARY_TABLES: Record<Abi, ReadonlyMap<string, CType>> = { lp64: cLibraryTable('lp64'), ilp32: cLibraryTable('ilp32') };

/**
 * Whose meaning a builtin name takes: a unit that includes the C library
 * (a header kmark cannot find, such as `<sys/types.h>`) is a user-space
 * program and gets glibc's; any other gets the kernel's.
 */
export type BuiltinFlavor = 'kernel' | 'c-library';

export function builtinTypedef(name: string, abi: Abi, flavor: BuiltinFlavor = 'kernel'): CType | undefined {
  return (flavor === 'c-library' ? C_LIBRARY_TABLES[abi].get(name) : undefined) ?? TABLES[abi].get(name);
}

/** Standard C and POSIX headers: none of them is ever part of a kernel build (`-nostdinc`). */
const C_LIBRARY_HEADER = /^(?:sys\/.+|assert|ctype|errno|fcntl|inttypes|limits|locale|math|pthread|signal|stdarg|stdbool|stddef|stdint|stdio|stdlib|string|strings|time|unistd|wchar)\.h$/;

export function isCLibraryHeader(name: string): boolean {
  return C_LIBRARY_HEADER.test(name);
}

/**
 * Return types of the gcc builtins a marker argument may call, as gcc
 * declares them: `__builtin_expect(x, y)` → long (docs/ctypes.md#what-is-modelled).
 */
function builtinFunctions(abi: Abi): ReadonlyMap<string, CType> {
  const lp64 = abi === 'lp64';
  const size = typedef('size_t', lp64 ? unsignedLong : int('int', false));
  const voidPointer = pointerTo(VOID);
  const uint64 = lp64 ? unsignedLong : int('long long', false);
  const entries: Array<[string, CType]> = [
    ['__builtin_expect', signedLong],
    ['__builtin_expect_with_probability', signedLong],
    ['__builtin_constant_p', int('int')],
    ['__builtin_types_compatible_p', int('int')],
    ['__builtin_clz', int('int')],
    ['__builtin_clzl', int('int')],
    ['__builtin_clzll', int('int')],
    ['__builtin_ctz', int('int')],
    ['__builtin_ctzl', int('int')],
    ['__builtin_ctzll', int('int')],
    ['__builtin_ffs', int('int')],
    ['__builtin_ffsl', int('int')],
    ['__builtin_ffsll', int('int')],
    ['__builtin_popcount', int('int')],
    ['__builtin_popcountl', int('int')],
    ['__builtin_popcountll', int('int')],
    ['__builtin_parity', int('int')],
    ['__builtin_parityl', int('int')],
    ['__builtin_parityll', int('int')],
    ['__builtin_bswap16', int('short', false)],
    ['__builtin_bswap32', int('int', false)],
    ['__builtin_bswap64', uint64],
    ['__builtin_abs', int('int')],
    ['__builtin_labs', signedLong],
    ['__builtin_llabs', int('long long')],
    ['__builtin_strlen', size],
    ['__builtin_object_size', size],
    ['__builtin_dynamic_object_size', size],
    ['__builtin_return_address', voidPointer],
    ['__builtin_frame_address', voidPointer],
    ['__builtin_extract_return_addr', voidPointer],
    ['__builtin_alloca', voidPointer],
    ['__builtin_memcpy', voidPointer],
    ['__builtin_memset', voidPointer],
    ['__builtin_memmove', voidPointer],
    ['__builtin_memcmp', int('int')],
    ['__builtin_strcmp', int('int')],
    ['__builtin_strncmp', int('int')],
    ['__builtin_strcpy', pointerTo(PLAIN_CHAR)],
    ['__builtin_strchr', pointerTo(PLAIN_CHAR)],
    ['__builtin_assume_aligned', voidPointer],
    ['__builtin_unreachable', VOID],
    ['__builtin_trap', VOID],
    ['__builtin_prefetch', VOID],
    ['__builtin_huge_val', { kind: 'floating', name: 'double' }],
    ['__builtin_inf', { kind: 'floating', name: 'double' }],
    ['__builtin_nan', { kind: 'floating', name: 'double' }],
    ['__builtin_huge_valf', { kind: 'floating', name: 'float' }],
    ['__builtin_inff', { kind: 'floating', name: 'float' }],
    ['__builtin_nanf', { kind: 'floating', name: 'float' }],
    ['__builtin_classify_type', int('int')],
    ['__builtin_LINE', int('int')],
    ['__builtin_FILE', pointerTo(PLAIN_CHAR, true)],
    ['__builtin_FUNCTION', pointerTo(PLAIN_CHAR, true)],
  ];
  return new Map(entries);
}

const FUNCTIONS: Record<Abi, ReadonlyMap<string, CType>> = { lp64: builtinFunctions('lp64'), ilp32: builtinFunctions('ilp32') };

/** Builtins gcc folds to an integer constant whatever their arguments are. */
const CONSTANT_BUILTINS: ReadonlySet<string> = new Set(['__builtin_constant_p', '__builtin_types_compatible_p', '__builtin_classify_type', '__builtin_LINE']);

export const isConstantBuiltin = (name: string): boolean => CONSTANT_BUILTINS.has(name);

/** The return type of a gcc builtin function, when kmark knows it. */
export function builtinFunctionReturn(name: string, abi: Abi): CType | undefined {
  return FUNCTIONS[abi].get(name);
}
