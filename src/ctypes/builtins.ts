/**
 * Kernel and C library typedefs known without a header (SPEC §5). A
 * definition in the tree's own headers wins over these.
 */
import type { Abi } from '../format/pri.js';
import { int, typedef, type CType } from './types.js';

const signedLong = int('long');
const unsignedLong = int('long', false);

function table(abi: Abi): ReadonlyMap<string, CType> {
  const lp64 = abi === 'lp64';
  const int64 = lp64 ? signedLong : int('long long');
  const uint64 = lp64 ? unsignedLong : int('long long', false);
  const word = lp64 ? signedLong : int('int');
  const uword = lp64 ? unsignedLong : int('int', false);
  const entries: Array<[string, CType]> = [
    ['u8', int('char', false)], ['s8', int('char')], ['u16', int('short', false)], ['s16', int('short')],
    ['u32', int('int', false)], ['s32', int('int')], ['u64', int('long long', false)], ['s64', int('long long')],
    ['__u8', int('char', false)], ['__s8', int('char')], ['__u16', int('short', false)], ['__s16', int('short')],
    ['__u32', int('int', false)], ['__s32', int('int')], ['__u64', int('long long', false)], ['__s64', int('long long')],
    ['__le16', int('short', false)], ['__le32', int('int', false)], ['__le64', int('long long', false)],
    ['__be16', int('short', false)], ['__be32', int('int', false)], ['__be64', int('long long', false)],
    ['int8_t', int('char')], ['int16_t', int('short')], ['int32_t', int('int')], ['int64_t', int64],
    ['uint8_t', int('char', false)], ['uint16_t', int('short', false)], ['uint32_t', int('int', false)], ['uint64_t', uint64],
    ['intmax_t', int64], ['uintmax_t', uint64],
    ['size_t', uword], ['ssize_t', word], ['ptrdiff_t', word], ['intptr_t', word], ['uintptr_t', uword],
    ['pid_t', int('int')], ['uid_t', int('int', false)], ['gid_t', int('int', false)], ['mode_t', int('int', false)],
    ['umode_t', int('short', false)], ['dev_t', int('int', false)], ['off_t', signedLong], ['loff_t', int('long long')],
    ['time_t', signedLong], ['time64_t', int('long long')], ['ktime_t', int('long long')], ['clockid_t', int('int')],
    ['gfp_t', int('int', false)], ['sector_t', int('long long', false)], ['blkcnt_t', int('long long', false)],
    ['phys_addr_t', int('long long', false)], ['dma_addr_t', int('long long', false)], ['resource_size_t', int('long long', false)],
    ['irq_hw_number_t', unsignedLong], ['pgoff_t', unsignedLong], ['bool', int('_Bool', false)], ['wchar_t', int('int')],
  ];
  return new Map(entries.map(([name, target]) => [name, typedef(name, target)]));
}

const TABLES: Record<Abi, ReadonlyMap<string, CType>> = { lp64: table('lp64'), ilp32: table('ilp32') };

export function builtinTypedef(name: string, abi: Abi): CType | undefined {
  return TABLES[abi].get(name);
}
