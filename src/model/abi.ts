/** The target's data model: the sizes of `long` and of pointers (LP64: 8, ILP32: 4). */
export const ABIS = ['lp64', 'ilp32'] as const;

export type Abi = (typeof ABIS)[number];
