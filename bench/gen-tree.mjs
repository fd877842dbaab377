#!/usr/bin/env node
// bench/gen-tree.mjs: deterministic generator of a large, kernel-like C tree
// for the scan benchmark (bench/scan). Node 20 built-ins only.
//
//   node bench/gen-tree.mjs OUTDIR [--files N] [--mb M] [--marker-ratio R] [--seed S]
//
// The same arguments give byte-identical output on every run: every choice
// comes from one seeded PRNG, consumed in a fixed order. Defaults: 2000 files,
// at least 100 MB (1 MB = 10^6 bytes), 1% of the files holding markers, seed 1.
//
// The tree: .c and .h files in nested subsystem directories (kernel/sched,
// fs/ext4, drivers/net/ethernet/intel/e1000e, include/linux, ...), most files
// 5-40 KB, a share of them 100-300 KB (just enough to reach --mb), a few under
// 5 KB. The content is varied C built from word lists: licence headers,
// #includes, macros, structs, enums, tables, ops initializers, functions with
// kernel annotations (__init, notrace, __user, __iomem), if/for/while/switch,
// locking, goto error paths, kernel-doc, block and line comments, string
// literals, #if/#ifdef blocks, tabs. Marker files hold 3-8 markers each, both
// forms (trace_mark and evmarker), inside function bodies, some of them in
// #ifdef branches, if blocks, loops and switch cases. The other files never
// contain the substrings "trace_mark" or "evmarker".
//
// Writes OUTDIR/.manifest.json with the counts (files, bytes, marker files and
// the exact number of markers) and prints a one-line summary. OUTDIR must be
// missing, empty, or a tree this script generated before (it is replaced).

import fs from 'node:fs';
import path from 'node:path';

const USAGE = 'usage: node bench/gen-tree.mjs OUTDIR [--files N] [--mb M] [--marker-ratio R] [--seed S]';
const GENERATOR_VERSION = 1;

// ---------------------------------------------------------------- arguments

function die(message) {
  process.stderr.write(`gen-tree: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { out: null, files: 2000, mb: 100, markerRatio: 0.01, seed: '1' };
  const numeric = { '--files': 'files', '--mb': 'mb', '--marker-ratio': 'markerRatio' };
  for (let k = 0; k < argv.length; k++) {
    let arg = argv[k];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) { value = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    if (arg === '-h' || arg === '--help') { process.stdout.write(`${USAGE}\n`); process.exit(0); }
    if (arg in numeric || arg === '--seed') {
      if (value === undefined) {
        if (k + 1 >= argv.length) die(`${arg} needs a value`);
        value = argv[++k];
      }
      if (arg === '--seed') { opts.seed = value; continue; }
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) die(`${arg}: not a non-negative number: ${value}`);
      opts[numeric[arg]] = n;
      continue;
    }
    if (arg.startsWith('-')) die(`unknown option ${arg}`);
    if (opts.out !== null) die(`one OUTDIR only (got ${opts.out} and ${arg})`);
    opts.out = arg;
  }
  if (opts.out === null) die('OUTDIR missing');
  opts.files = Math.floor(opts.files);
  if (opts.files < 1) die('--files must be at least 1');
  if (opts.markerRatio > 1) die('--marker-ratio must be between 0 and 1');
  return opts;
}

// ---------------------------------------------------------------- PRNG

/** 32-bit seed from a string (FNV-1a), so that any --seed works. */
function seedOf(text) {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) { h ^= text.charCodeAt(k); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

/** sfc32: small, fast, good enough, and the same in every engine. */
function makeRng(seedText) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seedOf(seedText);
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let k = 0; k < 20; k++) next();
  return next;
}

let rnd = null; // set in main()
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rnd() * list.length)];
const chance = (p) => rnd() < p;
const logUniform = (lo, hi) => Math.round(Math.exp(Math.log(lo) + rnd() * (Math.log(hi) - Math.log(lo))));
function shuffle(list) {
  for (let k = list.length - 1; k > 0; k--) {
    const j = Math.floor(rnd() * (k + 1));
    [list[k], list[j]] = [list[j], list[k]];
  }
  return list;
}
/** Weighted choice over [[weight, value], ...]. */
function weighted(pairs) {
  let total = 0;
  for (const [w] of pairs) total += w;
  let r = rnd() * total;
  for (const [w, v] of pairs) { if ((r -= w) < 0) return v; }
  return pairs[pairs.length - 1][1];
}

// ---------------------------------------------------------------- word lists

const VERBS = ['alloc', 'free', 'init', 'exit', 'setup', 'teardown', 'probe', 'remove', 'open', 'release', 'read',
  'write', 'map', 'unmap', 'get', 'put', 'lookup', 'insert', 'delete', 'update', 'flush', 'sync', 'reset', 'start',
  'stop', 'suspend', 'resume', 'attach', 'detach', 'enable', 'disable', 'register', 'unregister', 'submit', 'complete',
  'queue', 'dequeue', 'schedule', 'wake', 'poll', 'handle', 'process', 'parse', 'validate', 'check', 'build', 'fill',
  'copy', 'move', 'split', 'merge', 'grow', 'shrink', 'scan', 'walk', 'find', 'claim', 'drain', 'commit', 'abort',
  'prepare', 'finish', 'pin', 'unpin', 'lock', 'unlock', 'bind', 'unbind', 'load', 'store', 'encode', 'decode', 'refill',
  'reclaim', 'evict', 'account', 'charge', 'throttle', 'kick', 'arm', 'disarm', 'select', 'migrate', 'clone', 'dump',
  'show', 'set', 'clear', 'test', 'toggle', 'config', 'report', 'notify', 'restore', 'save', 'defer', 'rearm'];
const NOUNS = ['page', 'buffer', 'queue', 'request', 'inode', 'dentry', 'block', 'sector', 'extent', 'journal',
  'transaction', 'cache', 'slab', 'node', 'zone', 'task', 'thread', 'cpu', 'irq', 'timer', 'clock', 'event', 'device',
  'driver', 'bus', 'port', 'link', 'packet', 'frame', 'socket', 'skb', 'route', 'table', 'entry', 'map', 'region',
  'window', 'ring', 'desc', 'slot', 'vector', 'channel', 'stream', 'context', 'session', 'handle', 'key', 'policy',
  'rule', 'chain', 'filter', 'mode', 'state', 'status', 'flags', 'mask', 'count', 'ref', 'lock', 'mutex', 'sem',
  'wait', 'work', 'worker', 'pool', 'list', 'tree', 'hash', 'bucket', 'bitmap', 'range', 'offset', 'length', 'size',
  'limit', 'quota', 'group', 'cgroup', 'namespace', 'mount', 'super', 'file', 'folio', 'vma', 'pte', 'pmd', 'tlb',
  'dma', 'fifo', 'reg', 'phy', 'mac', 'addr', 'cmd', 'resp', 'msg', 'hdr', 'payload', 'crc', 'seq', 'stat', 'stats',
  'config', 'param', 'attr', 'kobj', 'sysfs', 'debugfs', 'fw', 'firmware', 'power', 'fence', 'plane', 'crtc', 'encoder',
  'connector', 'codec', 'pcm', 'urb', 'endpoint', 'hub', 'host', 'target', 'lun', 'tag', 'budget', 'credit', 'token'];
const ADJS = ['active', 'pending', 'dirty', 'clean', 'free', 'busy', 'idle', 'stale', 'valid', 'shared', 'private',
  'local', 'remote', 'global', 'cached', 'mapped', 'locked', 'frozen', 'dying', 'online', 'offline', 'hot', 'cold',
  'max', 'min', 'next', 'prev', 'last', 'first', 'old', 'new', 'raw', 'hw', 'sw', 'tx', 'rx', 'ctrl', 'data', 'async'];
const SUBSYS_CONFIG_WORDS = ['DEBUG', 'SMP', 'PM', 'PM_SLEEP', 'NUMA', 'HOTPLUG_CPU', 'PREEMPT', 'PROC_FS',
  'SYSFS', 'DEBUG_FS', 'TRACING', 'LOCKDEP', 'KASAN', 'COMPAT', 'HIGHMEM', 'MEMCG', 'BLK_DEV_INTEGRITY', 'NET_NS',
  'IPV6', 'SECURITY', 'AUDIT', 'MODULES', 'SWAP', 'TRANSPARENT_HUGEPAGE', 'X86_64', '64BIT', 'PCI_MSI', 'OF', 'ACPI'];
const COMMENT_SENTENCES = [
  'Make sure the %n is not freed while we still hold a reference to it.',
  'We must hold the %n lock here, otherwise a concurrent %v may race with us.',
  'This is called with interrupts disabled.',
  'Caller must hold %n->lock.',
  'The %n may be %a at this point, so check again after taking the lock.',
  'Drop the reference taken in %p_%v_%n().',
  'Nothing to do if the %n is already %a.',
  'Fast path: the %n is %a and no %v is pending.',
  'Slow path: fall back to a full %v of the %n.',
  'Pairs with the smp_wmb() in %p_%v_%n().',
  'Retry if we raced with a concurrent %v.',
  'Hardware quirk: some revisions report a stale %n after reset.',
  'Keep this in sync with the layout of struct %p_%n.',
  'Return the number of %ns that were %a, or a negative errno.',
  'The %n count can only go up while the %n is %a.',
  'Note that this does not %v the %n, it only marks it %a.',
  'We cannot sleep here, so use GFP_ATOMIC.',
  'Check for overflow before multiplying.',
  'Walk the %n list backwards so that the most recent %n is found first.',
  'XXX: this should really be done in the %n %v path.',
  'FIXME: handle partial %ns.',
  'TODO: convert to the new %n API once all drivers are converted.',
  'Limit the %n to avoid starving other %ns.',
  'Account the %n to the current cgroup.',
  'Memory barrier: the %n must be visible before the %n is published.',
  'If the %n went away under us, bail out.',
  'Clamp %n to the valid range.',
  'See the comment above %p_%v_%n() for the locking rules.',
];
const PRINT_TEMPLATES = [
  '%s: failed to %v %n (%d)\\n', '%s: %n %u is %a\\n', 'cannot %v %n: error %d\\n', '%v %n %lu..%lu\\n',
  '%s: invalid %n %#x\\n', 'timeout waiting for %n %d\\n', '%n mismatch: got %u, expected %u\\n',
  '%s: %a %n at %p\\n', 'unable to %v %n, using default\\n', '%s: %n %llu out of range\\n', '%v: %n=%d %n=%d\\n',
  'unsupported %n version %u.%u\\n', '%s %n already %a\\n', 'no %n available for %s\\n',
];
const KINCLUDES = ['kernel', 'module', 'init', 'slab', 'types', 'list', 'spinlock', 'mutex', 'sched', 'wait',
  'workqueue', 'interrupt', 'errno', 'err', 'string', 'bitops', 'atomic', 'rcupdate', 'jiffies', 'timer', 'delay', 'io',
  'device', 'platform_device', 'pci', 'dma-mapping', 'fs', 'file', 'uaccess', 'mm', 'pagemap', 'highmem', 'gfp',
  'vmalloc', 'seq_file', 'proc_fs', 'debugfs', 'sysfs', 'kobject', 'cpu', 'percpu', 'smp', 'cpumask', 'hrtimer',
  'ktime', 'rbtree', 'hashtable', 'idr', 'kref', 'completion', 'of', 'acpi', 'netdevice', 'skbuff', 'etherdevice',
  'blkdev', 'bio', 'buffer_head', 'namei', 'mount', 'security', 'capability', 'cred', 'uio', 'poll', 'fdtable',
  'random', 'crc32', 'sort', 'bsearch', 'log2', 'math64', 'export', 'compiler', 'bug', 'printk', 'ratelimit'];
const ERRNOS = ['ENOMEM', 'EINVAL', 'EBUSY', 'EAGAIN', 'EIO', 'ENODEV', 'EFAULT', 'EPERM', 'ENOENT', 'ENOSPC',
  'ETIMEDOUT', 'EOPNOTSUPP', 'EEXIST', 'ERANGE', 'EINTR', 'ENXIO', 'EPROTO', 'E2BIG', 'ENODATA', 'EOVERFLOW'];
const SCALAR_TYPES = ['int', 'unsigned int', 'long', 'unsigned long', 'u8', 'u16', 'u32', 'u64', 's32', 's64',
  'size_t', 'ssize_t', 'loff_t', 'bool', 'gfp_t', 'dma_addr_t', 'sector_t', 'pid_t', 'unsigned short', 'char',
  'atomic_t', 'unsigned long long', 'ktime_t', '__le32', '__be16', 'phys_addr_t'];
const EMBEDDED_TYPES = ['spinlock_t', 'struct mutex', 'struct list_head', 'wait_queue_head_t', 'struct work_struct',
  'struct timer_list', 'struct rcu_head', 'struct kref', 'struct completion', 'struct rb_node', 'struct hlist_node',
  'refcount_t', 'struct delayed_work', 'struct rw_semaphore'];

// Subsystem directories and their weights (how many files land there).
const DIRS = [
  ['kernel', 6], ['kernel/sched', 5], ['kernel/irq', 3], ['kernel/time', 3], ['kernel/locking', 2], ['kernel/rcu', 2],
  ['kernel/power', 2], ['kernel/printk', 1], ['kernel/bpf', 3], ['kernel/cgroup', 2], ['kernel/events', 2],
  ['mm', 8], ['mm/kasan', 1], ['fs', 4], ['fs/ext4', 5], ['fs/xfs', 6], ['fs/xfs/libxfs', 4], ['fs/btrfs', 6],
  ['fs/nfs', 4], ['fs/nfsd', 3], ['fs/proc', 2], ['fs/fat', 1], ['fs/jbd2', 1], ['fs/fuse', 2], ['fs/overlayfs', 1],
  ['fs/squashfs', 1], ['fs/ceph', 2], ['fs/cifs', 3],
  ['drivers/base', 3], ['drivers/base/power', 1], ['drivers/block', 3], ['drivers/scsi', 6], ['drivers/scsi/lpfc', 3],
  ['drivers/ata', 3], ['drivers/nvme/host', 2], ['drivers/md', 3], ['drivers/char', 2], ['drivers/tty/serial', 3],
  ['drivers/net/ethernet/intel/e1000e', 2], ['drivers/net/ethernet/intel/ixgbe', 3], ['drivers/net/ethernet/realtek', 2],
  ['drivers/net/ethernet/mellanox/mlx5/core', 5], ['drivers/net/ethernet/broadcom', 3], ['drivers/net/wireless/ath/ath9k', 4],
  ['drivers/net/wireless/intel/iwlwifi/mvm', 4], ['drivers/net/phy', 2], ['drivers/net', 2], ['drivers/usb/core', 3],
  ['drivers/usb/host', 3], ['drivers/usb/gadget', 2], ['drivers/usb/serial', 2], ['drivers/gpu/drm', 4],
  ['drivers/gpu/drm/i915', 6], ['drivers/gpu/drm/i915/display', 5], ['drivers/gpu/drm/amd/amdgpu', 8],
  ['drivers/gpu/drm/amd/display/dc/core', 3], ['drivers/gpu/drm/nouveau', 3], ['drivers/input/keyboard', 1],
  ['drivers/input/mouse', 1], ['drivers/input/touchscreen', 2], ['drivers/hid', 3], ['drivers/pci', 3], ['drivers/acpi', 3],
  ['drivers/mmc/host', 2], ['drivers/spi', 2], ['drivers/i2c/busses', 3], ['drivers/gpio', 2], ['drivers/hwmon', 3],
  ['drivers/thermal', 1], ['drivers/cpufreq', 1], ['drivers/iommu', 2], ['drivers/dma', 2], ['drivers/firmware', 1],
  ['drivers/rtc', 2], ['drivers/watchdog', 2], ['drivers/video/fbdev', 2], ['drivers/virtio', 1], ['drivers/leds', 1],
  ['drivers/mfd', 2], ['drivers/regulator', 2], ['drivers/clk', 2], ['drivers/pinctrl', 2], ['drivers/power/supply', 1],
  ['drivers/media/usb/uvc', 1], ['drivers/staging/rtl8723bs/core', 2], ['drivers/infiniband/core', 2],
  ['net/core', 5], ['net/ipv4', 6], ['net/ipv6', 4], ['net/sched', 3], ['net/netfilter', 5], ['net/bridge', 2],
  ['net/packet', 1], ['net/unix', 1], ['net/sunrpc', 2], ['net/wireless', 2], ['net/mac80211', 4], ['net/bluetooth', 3],
  ['net/sctp', 2], ['net/xfrm', 1], ['net/tipc', 1],
  ['arch/x86/kernel', 5], ['arch/x86/kernel/cpu', 3], ['arch/x86/mm', 2], ['arch/x86/kvm', 4], ['arch/x86/events/intel', 2],
  ['arch/x86/entry', 1], ['arch/arm64/kernel', 3], ['arch/arm64/mm', 1], ['arch/powerpc/kernel', 2], ['arch/riscv/kernel', 1],
  ['block', 4], ['crypto', 3], ['lib', 4], ['security/selinux', 2], ['security/apparmor', 2], ['security/keys', 1],
  ['sound/core', 2], ['sound/pci/hda', 3], ['sound/soc/codecs', 3], ['sound/usb', 1], ['ipc', 1], ['virt/kvm', 1],
  ['init', 1], ['io_uring', 1], ['samples/bpf', 1],
  ['include/linux', 10], ['include/linux/mfd', 1], ['include/net', 4], ['include/uapi/linux', 3], ['include/asm-generic', 1],
  ['include/scsi', 1], ['include/drm', 2], ['include/sound', 1], ['include/media', 1], ['include/rdma', 1],
  ['arch/x86/include/asm', 2],
];
const PREFIX_OVERRIDES = {
  kernel: 'kern', mm: 'mm', fs: 'vfs', lib: 'lib', block: 'blk', crypto: 'crypto', ipc: 'ipc', init: 'initcall',
  core: null, host: null, busses: null, codecs: 'codec', display: 'intel_display', libxfs: 'xfs', mvm: 'iwl_mvm',
  'e1000e': 'e1000', 'amdgpu': 'amdgpu', 'nouveau': 'nvkm', serial: 'uart', 'power': 'pm', supply: 'power_supply',
  phy: 'phy', 'rtl8723bs': 'rtw', asm: 'x86', 'asm-generic': 'generic', linux: null, uapi: null, net: 'net',
};

// ---------------------------------------------------------------- identifiers

const upper = (s) => s.toUpperCase();

/** The identifier prefix of a directory: `fs/ext4` → `ext4`, `drivers/usb/core` → `usb`. */
function prefixOf(dir) {
  const parts = dir.split('/');
  for (let k = parts.length - 1; k >= 0; k--) {
    const p = parts[k];
    if (p in PREFIX_OVERRIDES) {
      if (PREFIX_OVERRIDES[p] !== null) return PREFIX_OVERRIDES[p];
      continue;
    }
    return p.replace(/[^a-z0-9_]/g, '_');
  }
  return 'sys';
}

// Never let the filler spell the marker macros: grep must only find them in
// marker files. (The word lists cannot produce them; this is a safety net.)
const sanitize = (text) => (text.includes('trace_mark') || text.includes('evmarker')
  ? text.replaceAll('trace_mark', 'trace_mk').replaceAll('evmarker', 'ev_marker') : text);

// ---------------------------------------------------------------- one file

class FileWriter {
  constructor(relPath, dir, isHeader, targetBytes) {
    this.relPath = relPath;
    this.isHeader = isHeader;
    this.target = targetBytes;
    this.prefix = prefixOf(dir);
    this.stem = path.basename(relPath).replace(/\.[ch]$/, '').replace(/[^a-zA-Z0-9_]/g, '_');
    this.parts = [];
    this.size = 0;
    this.functions = [];      // names defined so far: calls pick from these
    this.usedNames = new Set();
    this.structs = [];        // { name, fields: [{type, name}] }
    this.constants = [];      // #define'd names
    this.configs = [];
    for (let k = int(2, 5); k > 0; k--) this.configs.push(this.newConfig());
    this.macroFns = [];
    this.markerCount = 0;
    this.linuxMarkers = 0;
    this.evMarkers = 0;
  }

  emit(text) { this.parts.push(text); this.size += text.length; }
  emitFiller(text) { this.emit(sanitize(text)); }

  newConfig() {
    return `CONFIG_${upper(pick([this.prefix, this.prefix, pick(NOUNS)]))}${chance(0.6) ? `_${pick(SUBSYS_CONFIG_WORDS)}` : ''}`;
  }

  unique(base) {
    let name = base;
    for (let n = 2; this.usedNames.has(name); n++) name = `${base}${n}`;
    this.usedNames.add(name);
    return name;
  }

  fnName() {
    const p = this.prefix;
    const form = int(0, 5);
    const base = form === 0 ? `${p}_${pick(VERBS)}`
      : form === 1 ? `__${p}_${pick(VERBS)}_${pick(NOUNS)}`
      : form === 2 ? `${p}_${pick(NOUNS)}_${pick(VERBS)}`
      : form === 3 ? `${pick(VERBS)}_${pick(ADJS)}_${pick(NOUNS)}`
      : `${p}_${pick(VERBS)}_${pick(NOUNS)}`;
    return this.unique(base);
  }

  constName() { return `${upper(this.prefix)}_${upper(pick([...NOUNS, ...ADJS]))}_${upper(pick(NOUNS))}`; }
  localName() {
    return chance(0.45) ? pick(['ret', 'err', 'i', 'j', 'n', 'len', 'flags', 'cpu', 'idx', 'count', 'off', 'val',
      'tmp', 'nr', 'size', 'mask', 'rc', 'status', 'pos', 'budget'])
      : chance(0.5) ? pick(NOUNS) : `${pick(ADJS)}_${pick(NOUNS)}`;
  }
  calleeName() {
    if (this.functions.length > 0 && chance(0.4)) return pick(this.functions);
    return pick([`${pick(VERBS)}_${pick(NOUNS)}`, `${this.prefix}_${pick(VERBS)}_${pick(NOUNS)}`,
      `${pick(['kfree', 'kmalloc', 'kzalloc', 'memcpy', 'memset', 'list_add_tail', 'list_del_init', 'wake_up',
        'schedule_work', 'queue_work', 'mod_timer', 'del_timer_sync', 'complete', 'atomic_inc', 'atomic_dec',
        'kref_put', 'get_device', 'put_device', 'msleep', 'udelay', 'readl', 'writel', 'iowrite32', 'ioread32',
        'cpu_relax', 'might_sleep', 'synchronize_rcu', 'call_rcu', 'set_bit', 'clear_bit', 'smp_mb',
        'dma_unmap_single', 'netif_wake_queue', 'blk_mq_end_request', 'folio_put', 'iput', 'dput'])}`]);
  }
  structName() { return this.structs.length > 0 && chance(0.7) ? pick(this.structs).name : `${this.prefix}_${pick(NOUNS)}`; }

  // ------------------------------------------------------------ text pieces

  sentence() {
    return pick(COMMENT_SENTENCES).replace(/%([nvap])/g, (_, c) => (c === 'n' ? pick(NOUNS) : c === 'v' ? pick(VERBS)
      : c === 'a' ? pick(ADJS) : this.prefix));
  }

  blockComment(indent, lines = int(1, 4)) {
    if (lines === 1 && chance(0.5)) return `${indent}/* ${this.sentence()} */\n`;
    let text = `${indent}/*\n`;
    for (let k = 0; k < lines; k++) text += `${indent} * ${this.sentence()}\n`;
    return `${text}${indent} */\n`;
  }

  format() {
    return pick(PRINT_TEMPLATES).replace(/%([nva])(?![a-z])/g, (_, c) => (c === 'n' ? pick(NOUNS) : c === 'v' ? pick(VERBS) : pick(ADJS)));
  }

  number() {
    return weighted([[4, () => String(int(0, 16))], [2, () => String(int(17, 4096))],
      [2, () => `0x${int(0, 0xffff).toString(16).padStart(pick([2, 4, 8]), '0')}`],
      [1, () => `${int(1, 64)}U`], [1, () => `(1UL << ${int(0, 31)})`], [1, () => `${int(1, 512)} * 1024`]])();
  }

  // ------------------------------------------------------------ expressions

  lvalue(vars) {
    const v = pick(vars);
    return weighted([[3, () => v], [3, () => `${v}->${pick(NOUNS)}`], [1, () => `${v}->${pick(NOUNS)}.${pick(NOUNS)}`],
      [1, () => `${v}[${pick(['i', 'idx', 'n', '0', '1'])}]`]])();
  }

  expr(vars, depth = 0) {
    const leaf = depth > 1;
    return weighted([
      [4, () => this.lvalue(vars)],
      [3, () => this.number()],
      [2, () => (this.constants.length > 0 ? pick(this.constants) : this.constName())],
      [leaf ? 0 : 3, () => `${this.calleeName()}(${this.args(vars, depth + 1)})`],
      [leaf ? 0 : 2, () => `${this.expr(vars, depth + 1)} ${pick(['+', '-', '*', '&', '|', '<<', '>>', '/'])} ${this.expr(vars, depth + 1)}`],
      [1, () => `sizeof(*${pick(vars)})`],
      [1, () => `(${pick(SCALAR_TYPES.slice(0, 12))})${this.lvalue(vars)}`],
      [1, () => `READ_ONCE(${this.lvalue(vars)})`],
      [leaf ? 0 : 1, () => `${this.cond(vars, depth + 1)} ? ${this.expr(vars, depth + 1)} : ${this.expr(vars, depth + 1)}`],
      [1, () => `-${pick(ERRNOS)}`],
      [1, () => `&${this.lvalue(vars)}`],
      [1, () => `jiffies + msecs_to_jiffies(${int(1, 5000)})`],
    ])();
  }

  args(vars, depth) {
    const n = int(0, 3);
    const list = [];
    for (let k = 0; k < n; k++) list.push(this.expr(vars, depth));
    return list.join(', ');
  }

  cond(vars, depth = 0) {
    const c = weighted([
      [3, () => `!${pick(vars)}`], [3, () => `${pick(['ret', 'err', 'rc'])} < 0`], [2, () => `${pick(['ret', 'err'])}`],
      [2, () => `${this.lvalue(vars)} & ${this.constants.length ? pick(this.constants) : this.constName()}`],
      [2, () => `${this.lvalue(vars)} ${pick(['==', '!=', '<', '>=', '>'])} ${this.expr(vars, depth + 1)}`],
      [2, () => `test_bit(${this.constants.length ? pick(this.constants) : int(0, 31)}, &${pick(vars)}->flags)`],
      [1, () => `IS_ERR(${pick(vars)})`], [1, () => `list_empty(&${pick(vars)}->${pick(NOUNS)}_list)`],
      [1, () => `${this.calleeName()}(${pick(vars)})`], [1, () => `time_after(jiffies, ${pick(vars)}->timeout)`],
      [1, () => `atomic_read(&${pick(vars)}->refcnt) ${pick(['==', '>'])} ${int(0, 2)}`],
    ])();
    if (depth === 0 && chance(0.15)) return `${c} ${pick(['&&', '||'])} ${this.cond(vars, 1)}`;
    if (chance(0.25)) return `${pick(['unlikely', 'likely'])}(${c})`;
    return c;
  }

  printCall(vars) {
    const fmt = this.format();
    const nconv = (fmt.match(/%[#l]*[a-z]/g) || []).length;
    const args = [];
    for (let k = 0; k < nconv; k++) args.push(k === 0 && fmt.startsWith('%s') ? pick(['__func__', `${pick(vars)}->name`, 'dev_name(dev)']) : this.lvalue(vars));
    const tail = args.length ? `, ${args.join(', ')}` : '';
    return weighted([
      [3, () => `pr_${pick(['err', 'warn', 'info', 'debug', 'notice'])}("${fmt}"${tail});`],
      [3, () => `dev_${pick(['err', 'warn', 'info', 'dbg'])}(&${pick(vars)}->dev, "${fmt}"${tail});`],
      [1, () => `printk(KERN_${pick(['ERR', 'WARNING', 'INFO', 'DEBUG'])} "${this.prefix}: ${fmt}"${tail});`],
      [1, () => `${this.prefix}_dbg(${pick(vars)}, "${fmt}"${tail});`],
      [1, () => `pr_err_ratelimited("${fmt}"${tail});`],
    ])();
  }

  // ------------------------------------------------------------ statements

  /** Statements at `depth` tabs; returns text. `budget` bounds nesting work. */
  stmts(vars, depth, count, labels) {
    let text = '';
    for (let k = 0; k < count; k++) text += this.stmt(vars, depth, labels);
    return text;
  }

  stmt(vars, depth, labels) {
    const t = '\t'.repeat(depth);
    const t1 = '\t'.repeat(depth + 1);
    const nest = depth < 4;
    return weighted([
      [6, () => `${t}${this.lvalue(vars)} = ${this.expr(vars)};\n`],
      [5, () => `${t}${this.calleeName()}(${this.args(vars, 0)});\n`],
      [3, () => `${t}${pick(['ret', 'err'])} = ${this.calleeName()}(${this.args(vars, 0)});\n${t}if (${pick(['ret', 'err'])})\n${t1}${labels.length && chance(0.6) ? `goto ${pick(labels)}` : 'return ret'};\n`],
      [nest ? 5 : 0, () => {
        let s = `${t}if (${this.cond(vars)}) {\n${this.stmts(vars, depth + 1, int(1, 3), labels)}${t}}`;
        if (chance(0.2)) s += ` else if (${this.cond(vars)}) {\n${this.stmts(vars, depth + 1, int(1, 2), labels)}${t}}`;
        if (chance(0.3)) s += ` else {\n${this.stmts(vars, depth + 1, int(1, 2), labels)}${t}}`;
        return `${s}\n`;
      }],
      [3, () => `${t}if (${this.cond(vars)})\n${t1}${pick([`return -${pick(ERRNOS)}`, 'return 0', 'return ret', 'continue', 'break', `${pick(vars)}->${pick(NOUNS)} = ${this.number()}`])};\n`],
      [nest ? 2 : 0, () => {
        const i = pick(['i', 'i', 'j', 'idx', 'n']);
        return `${t}for (${i} = 0; ${i} < ${this.expr(vars, 1)}; ${i}${chance(0.8) ? '++' : ' += 2'}) {\n${this.stmts(vars, depth + 1, int(1, 4), labels)}${t}}\n`;
      }],
      [nest ? 1 : 0, () => `${t}while (${this.cond(vars)}) {\n${this.stmts(vars, depth + 1, int(1, 3), labels)}${t}}\n`],
      [nest ? 1 : 0, () => `${t}do {\n${this.stmts(vars, depth + 1, int(1, 3), labels)}${t}} while (${this.cond(vars)});\n`],
      [nest ? 2 : 0, () => {
        let s = `${t}switch (${this.lvalue(vars)}) {\n`;
        const n = int(2, 7);
        for (let k = 0; k < n; k++) {
          s += `${t}case ${chance(0.5) ? this.constName() : this.number()}:\n`;
          if (chance(0.15)) { s += `${t1}fallthrough;\n`; continue; }
          s += this.stmts(vars, depth + 1, int(1, 2), labels);
          s += `${t1}${pick(['break', 'break', 'break', `return -${pick(ERRNOS)}`])};\n`;
        }
        s += `${t}default:\n${t1}${chance(0.5) ? `ret = -${pick(ERRNOS)};\n${t1}break` : this.printCall(vars).slice(0, -1) + `;\n${t1}break`};\n${t}}\n`;
        return s;
      }],
      [nest ? 2 : 0, () => {
        const v = pick(vars);
        const kind = int(0, 3);
        const [lock, unlock] = kind === 0 ? [`spin_lock_irqsave(&${v}->lock, flags)`, `spin_unlock_irqrestore(&${v}->lock, flags)`]
          : kind === 1 ? [`mutex_lock(&${v}->mutex)`, `mutex_unlock(&${v}->mutex)`]
          : kind === 2 ? ['rcu_read_lock()', 'rcu_read_unlock()'] : [`spin_lock(&${v}->${pick(NOUNS)}_lock)`, `spin_unlock(&${v}->${pick(NOUNS)}_lock)`];
        return `${t}${lock};\n${this.stmts(vars, depth, int(1, 3), labels)}${t}${unlock};\n`;
      }],
      [nest ? 1 : 0, () => `${t}list_for_each_entry(${pick(vars)}, &${pick(vars)}->${pick(NOUNS)}_list, ${pick(['list', 'node', 'entry'])}) {\n${this.stmts(vars, depth + 1, int(1, 3), labels)}${t}}\n`],
      [3, () => `${t}${this.printCall(vars)}\n`],
      [2, () => `${t}/* ${this.sentence()} */\n`],
      [1, () => this.blockComment(t, int(2, 4))],
      [1, () => `${t}// ${this.sentence()}\n`],
      [1, () => `${t}${pick(['WARN_ON', 'WARN_ON_ONCE', 'BUG_ON'])}(${this.cond(vars, 1)});\n`],
      [1, () => {
        const v = pick(vars);
        const gfp = pick(['GFP_KERNEL', 'GFP_KERNEL', 'GFP_ATOMIC', 'GFP_NOFS', 'GFP_NOIO']);
        const alloc = pick([`kzalloc(sizeof(*${v}), ${gfp})`, `kmalloc(sizeof(*${v}), ${gfp})`,
          `kcalloc(${this.expr(vars, 2)}, sizeof(*${v}), ${gfp})`, `kmem_cache_zalloc(${this.prefix}_${pick(NOUNS)}_cachep, ${gfp})`]);
        return `${t}${v} = ${alloc};\n${t}if (!${v})\n${t1}${labels.length ? `goto ${pick(labels)}` : 'return -ENOMEM'};\n`;
      }],
      [1, () => `${t}if (copy_${pick(['from', 'to'])}_user(${pick(vars)}, ${pick(['ubuf', 'arg', 'uptr'])}, sizeof(*${pick(vars)})))\n${t1}return -EFAULT;\n`],
      [1, () => `${t}memset(${pick(vars)}, 0, sizeof(*${pick(vars)}));\n`],
      [nest ? 1 : 0, () => `#ifdef ${pick(this.configs)}\n${this.stmts(vars, depth, int(1, 2), labels)}#endif\n`],
      [1, () => `${t}${pick(vars)}->${pick(NOUNS)} = ${chance(0.5) ? `"${pick(NOUNS)}-${pick(ADJS)}"` : `${this.number()}`};\n`],
    ])();
  }

  // ------------------------------------------------------------ functions

  params(allowUser) {
    const list = [];
    const n = int(0, 4);
    const used = new Set();
    for (let k = 0; k < n; k++) {
      const p = weighted([
        [5, () => `struct ${this.structName()} *${pick(NOUNS)}`], [2, () => `${pick(SCALAR_TYPES.slice(0, 20))} ${this.localName()}`],
        [allowUser ? 1 : 0, () => `const char __user *${pick(['buf', 'ubuf', 'uptr'])}`],
        [allowUser ? 1 : 0, () => `void __user *${pick(['arg', 'argp', 'uptr'])}`],
        [1, () => `void __iomem *${pick(['base', 'regs', 'mmio', 'ioaddr'])}`], [1, () => 'unsigned long flags'],
        [1, () => `const struct ${this.structName()} *${pick(NOUNS)}`], [1, () => 'gfp_t gfp'], [1, () => 'loff_t *ppos'],
        [1, () => 'int cpu'], [1, () => 'size_t count'],
      ])();
      const pname = p.split(/[ *]/).pop();
      if (used.has(pname)) continue;
      used.add(pname);
      list.push(p);
    }
    return list;
  }

  signature(name, returnType, params, isInline) {
    const storage = isInline ? pick(['static inline', 'static inline', 'static __always_inline'])
      : weighted([[6, 'static'], [3, ''], [1, 'static noinline'], [1, 'notrace'], [1, 'static notrace'], [1, 'asmlinkage'],
        [1, 'static __cold']]);
    let ret = returnType;
    if (!isInline && chance(0.06) && returnType === 'int') ret = `int ${pick(['__init', '__init', '__exit', '__devinit', '__must_check'])}`;
    if (!isInline && chance(0.03)) ret = `void ${pick(['__init', '__exit'])}`;
    const head = `${storage ? `${storage} ` : ''}${ret}${ret.endsWith('*') ? '' : ' '}`;
    const plist = params.length ? params.join(', ') : 'void';
    const oneLine = `${head}${name}(${plist})`;
    if (oneLine.length < 90 || params.length < 2) return `${oneLine}\n`;
    const cut = Math.ceil(params.length / 2);
    const open = `${head}${name}(`;
    return `${open}${params.slice(0, cut).join(', ')},\n${'\t'.repeat(Math.floor(open.length / 8))}${' '.repeat(open.length % 8)}${params.slice(cut).join(', ')})\n`;
  }

  /**
   * A function definition. `markers`: marker statements (already-made text
   * at depth 1, each given as a function of (indent) → text) to weave in.
   */
  fn({ isInline = false, markers = [], name = null, reserved = new Set() } = {}) {
    name = name ?? this.fnName();
    const returnType = weighted([[8, 'int'], [5, 'void'], [1, 'long'], [1, 'ssize_t'], [1, 'bool'], [1, 'unsigned int'],
      [1, 'u32'], [1, `struct ${this.structName()} *`], [1, 'irqreturn_t'], [1, 'unsigned long']]);
    const params = this.params(!isInline).filter((p) => !reserved.has(p.split(/[ *]/).pop()));
    const vars = params.filter((p) => p.includes('*') && !p.includes('__user') && !p.includes('ppos')).map((p) => p.split(/[ *]/).pop());
    let body = '';
    // locals
    const nlocals = isInline ? int(0, 2) : int(1, 6);
    const declared = new Set([...vars, ...reserved]);
    for (let k = 0; k < nlocals; k++) {
      const kind = int(0, 3);
      if (kind === 0) {
        const s = this.structName();
        const v = pick(NOUNS);
        if (declared.has(v)) continue;
        declared.add(v);
        vars.push(v);
        body += `\tstruct ${s} *${v}${chance(0.5) && vars.length > 1 ? ` = ${pick(vars.slice(0, -1))}->${v}` : ''};\n`;
      } else {
        const v = this.localName();
        if (declared.has(v)) continue;
        declared.add(v);
        body += `\t${pick(SCALAR_TYPES.slice(0, 20))} ${v}${chance(0.4) ? ` = ${this.number()}` : ''};\n`;
      }
    }
    if (vars.length === 0) { vars.push(pick(NOUNS)); body += `\tstruct ${this.structName()} *${vars[0]} = ${this.prefix}_get_${pick(NOUNS)}();\n`; }
    if (!declared.has('ret') && returnType !== 'void') body += '\tint ret = 0;\n';
    const markerDecls = markers.map((m) => m.decls).join('');
    body += markerDecls;
    if (body) body += '\n';
    const labels = !isInline && chance(0.35) ? [`out_${pick(['unlock', 'free', 'put', 'err', 'disable', 'unmap'])}`] : [];
    if (labels.length && chance(0.4)) labels.push(labels[0] === 'out_free' ? 'out_unlock' : 'out_free');
    // statements, with markers woven in between top-level statements
    const nstmts = isInline ? int(1, 4) : int(2, 14);
    const slots = new Map();
    for (const m of markers) {
      const at = int(0, nstmts);
      if (!slots.has(at)) slots.set(at, []);
      slots.get(at).push(m);
    }
    for (let k = 0; k <= nstmts; k++) {
      for (const m of slots.get(k) ?? []) body += this.wrapMarker(m, vars);
      if (k < nstmts) body += this.stmt(vars, 1, labels);
    }
    if (returnType !== 'void') body += `\treturn ${pick(['ret', 'ret', '0', vars[0] && returnType.includes('*') ? vars[0] : 'ret'])};\n`;
    for (const [k, label] of labels.entries()) {
      body += `${label}:\n\t${this.calleeName()}(${pick(vars)});\n`;
      if (k === labels.length - 1) body += returnType === 'void' ? '' : `\treturn ${returnType.includes('*') ? `ERR_PTR(ret)` : 'ret'};\n`;
    }
    let text = '';
    if (chance(isInline ? 0.2 : 0.35)) {
      text += `/**\n * ${name}() - ${pick(VERBS)} the ${pick(ADJS)} ${pick(NOUNS)}\n`;
      for (const p of params) text += ` * @${p.split(/[ *]/).pop()}: the ${pick(NOUNS)} to ${pick(VERBS)}\n`;
      text += ` *\n * ${this.sentence()}\n`;
      if (chance(0.5)) text += ` * ${this.sentence()}\n`;
      text += ` *\n * Return: 0 on success, -${pick(ERRNOS)} if the ${pick(NOUNS)} is ${pick(ADJS)}.\n */\n`;
    } else if (chance(0.15)) {
      text += this.blockComment('', int(1, 3));
    }
    text += `${this.signature(name, returnType, params, isInline)}{\n${body}}\n`;
    this.functions.push(name);
    return text;
  }

  /** A marker statement in one of several surroundings. */
  wrapMarker(marker, vars) {
    const mode = weighted([[6, 'plain'], [2, 'if'], [1, 'ifdef'], [1, 'loop'], [1, 'switch']]);
    if (mode === 'plain') return marker.text('\t');
    if (mode === 'if') return `\tif (${this.cond(vars)}) {\n${marker.text('\t\t')}\t}\n`;
    if (mode === 'ifdef') return `#ifdef ${pick(this.configs)}\n${marker.text('\t')}#endif\n`;
    if (mode === 'loop') {
      return `\tfor (i = 0; i < ${this.expr(vars, 1)}; i++) {\n\t\t${this.calleeName()}(${pick(vars)});\n${marker.text('\t\t')}\t}\n`;
    }
    return `\tswitch (${this.lvalue(vars)}) {\n\tcase ${this.constName()}:\n${marker.text('\t\t')}\t\tbreak;\n\tdefault:\n\t\tbreak;\n\t}\n`;
  }

  // ------------------------------------------------------------ top-level items

  licence() {
    const spdx = pick(['GPL-2.0', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-2.0 OR BSD-3-Clause', 'GPL-2.0+', 'MIT']);
    let text = this.isHeader ? `/* SPDX-License-Identifier: ${spdx} */\n` : `// SPDX-License-Identifier: ${spdx}\n`;
    text += `/*\n * ${this.relPath.split('/').slice(-2).join('/')} - ${pick(ADJS)} ${pick(NOUNS)} ${pick(['support', 'handling', 'management', 'driver', 'core', 'helpers'])}\n *\n`;
    for (let k = int(1, 3); k > 0; k--) {
      text += ` * Copyright (C) ${int(1991, 2023)} ${pick(['Linus Torvalds', 'Red Hat, Inc.', 'Intel Corporation', 'IBM Corp.',
        'SUSE Linux GmbH', 'Oracle', 'Google LLC', 'Advanced Micro Devices, Inc.', 'NVIDIA Corporation', 'Ingo Molnar',
        'Silicon Graphics, Inc.', 'Andrew Morton', 'Arm Ltd.', 'Texas Instruments Inc.', 'The Linux Foundation'])}\n`;
    }
    if (chance(0.5)) { text += ' *\n'; for (let k = int(1, 4); k > 0; k--) text += ` * ${this.sentence()}\n`; }
    return `${text} */\n\n`;
  }

  includes() {
    let text = '';
    const n = int(3, 18);
    const seen = new Set();
    for (let k = 0; k < n; k++) {
      const h = pick(KINCLUDES);
      if (seen.has(h)) continue;
      seen.add(h);
      text += `#include <linux/${h}.h>\n`;
    }
    if (chance(0.5)) text += `#include <${pick(['asm', 'net', 'uapi/linux', 'trace/events', 'scsi', 'drm'])}/${pick(NOUNS)}.h>\n`;
    if (chance(0.3)) text += '#include <linux/marker.h>\n';
    if (!this.isHeader && chance(0.7)) {
      text += '\n';
      for (let k = int(1, 3); k > 0; k--) text += `#include "${pick([this.prefix, this.stem, pick(NOUNS)])}${chance(0.4) ? `_${pick(NOUNS)}` : ''}.h"\n`;
    }
    return `${text}\n`;
  }

  macros() {
    let text = '';
    for (let k = int(1, 6); k > 0; k--) {
      const name = this.constName();
      this.constants.push(name);
      text += weighted([
        [4, () => `#define ${name}\t${chance(0.5) ? '\t' : ''}${this.number()}\n`],
        [1, () => `#define ${name}\t\tBIT(${int(0, 31)})\n`],
        [1, () => `#define ${name}\t\tGENMASK(${int(8, 31)}, ${int(0, 7)})\n`],
        [1, () => `#define ${name}\t\t"${pick(NOUNS)}_${pick(NOUNS)}"\n`],
        [1, () => `#define ${name}(x)\t((x) ${pick(['<<', '>>', '&', '*'])} ${this.number()})\n`],
      ])();
    }
    if (chance(0.35)) {
      const m = `${this.prefix}_${pick(VERBS)}_${pick(NOUNS)}_safe`;
      this.macroFns.push(m);
      text += `\n#define ${m}(${pick(NOUNS)}, val)${'\t'.repeat(int(1, 3))}\\\n\tdo {\t\t\t\t\t\t\t\\\n`
        + `\t\tif (WARN_ON(!(${'val'})))\t\t\t\t\\\n\t\t\tbreak;\t\t\t\t\t\\\n`
        + `\t\t${this.calleeName()}(val);\t\t\t\t\\\n\t} while (0)\n`;
    }
    if (chance(0.2)) {
      text += `\n#define ${this.prefix}_dbg(obj, fmt, ...)\t\t\t\t\\\n\tpr_debug("%s: " fmt, (obj)->name, ##__VA_ARGS__)\n`;
    }
    return `${text}\n`;
  }

  structDef() {
    const name = this.unique(`${this.prefix}_${chance(0.5) ? pick(ADJS) + '_' : ''}${pick(NOUNS)}`);
    const fields = [];
    let text = chance(0.3) ? this.blockComment('', int(1, 2)) : '';
    text += `struct ${name} {\n`;
    const n = int(3, 16);
    const seen = new Set();
    for (let k = 0; k < n; k++) {
      const fname = chance(0.5) ? pick(NOUNS) : `${pick(ADJS)}_${pick(NOUNS)}`;
      if (seen.has(fname)) continue;
      seen.add(fname);
      const type = weighted([[6, () => pick(SCALAR_TYPES)], [3, () => pick(EMBEDDED_TYPES)],
        [3, () => `struct ${this.structName()} *`], [1, () => 'void *'], [1, () => 'const char *'],
        [1, () => 'void __iomem *'], [1, () => `${pick(SCALAR_TYPES.slice(0, 8))}`]])();
      const arr = chance(0.1) ? `[${chance(0.5) ? int(2, 64) : this.constName()}]` : '';
      const bits = !arr && type === 'unsigned int' && chance(0.3) ? `:${int(1, 8)}` : '';
      const decl = `\t${type}${type.endsWith('*') ? '' : ' '}${fname}${arr}${bits};`;
      const comment = chance(0.3) ? `${decl.length < 32 ? '\t\t' : '\t'}/* ${pick([this.sentence(), `protected by ${pick(NOUNS)}_lock`, `in ${pick(['bytes', 'jiffies', 'pages', 'sectors', 'usecs'])}`])} */` : '';
      text += `${decl}${comment}\n`;
      if (chance(0.08)) text += `\n#ifdef ${pick(this.configs)}\n\t${pick(SCALAR_TYPES)} ${pick(NOUNS)}_${pick(['debug', 'stat', 'count'])};\n#endif\n`;
      fields.push({ type, name: fname });
    }
    text += `}${chance(0.05) ? ' __packed' : ''};\n\n`;
    this.structs.push({ name, fields });
    if (chance(0.1)) text += `typedef struct ${name} ${name}_t;\n\n`;
    return text;
  }

  enumDef() {
    const base = `${upper(this.prefix)}_${upper(pick(NOUNS))}`;
    let text = `enum ${this.prefix}_${pick(NOUNS)}_${pick(['state', 'type', 'mode', 'flags', 'kind'])} {\n`;
    const n = int(3, 12);
    const seen = new Set([`${base}_MAX`]);
    for (let k = 0; k < n; k++) {
      const item = `${base}_${upper(pick([...ADJS, ...NOUNS]))}`;
      if (seen.has(item)) continue;
      seen.add(item);
      this.constants.push(item);
      text += `\t${item}${k === 0 && chance(0.5) ? ' = 0' : ''},${chance(0.2) ? `\t/* ${this.sentence()} */` : ''}\n`;
    }
    text += `\t${base}_MAX\n};\n\n`;
    return text;
  }

  globals() {
    const p = this.prefix;
    return weighted([
      [2, () => `static DEFINE_SPINLOCK(${p}_${pick(NOUNS)}_lock);\nstatic LIST_HEAD(${p}_${pick(NOUNS)}_list);\n\n`],
      [2, () => `static DEFINE_MUTEX(${p}_${pick(NOUNS)}_mutex);\nstatic ${pick(SCALAR_TYPES.slice(0, 12))} ${p}_${pick(NOUNS)}_${pick(['max', 'count', 'limit'])} __read_mostly = ${this.number()};\n\n`],
      [1, () => `static unsigned int ${p}_debug;\nmodule_param_named(debug, ${p}_debug, uint, 0644);\nMODULE_PARM_DESC(debug, "${pick(['Enable', 'Set'])} ${pick(ADJS)} ${pick(NOUNS)} debugging (default: 0)");\n\n`],
      [2, () => {
        const s = this.structName();
        let text = `static const struct ${s} ${p}_${pick(NOUNS)}_table[] = {\n`;
        for (let k = int(2, 12); k > 0; k--) text += `\t{ .${pick(NOUNS)} = ${this.number()}, .name = "${pick(ADJS)}-${pick(NOUNS)}", .${pick(NOUNS)} = ${this.constants.length ? pick(this.constants) : this.number()} },\n`;
        return `${text}\t{ }\n};\n\n`;
      }],
      [1, () => {
        const vals = [];
        for (let k = int(8, 48); k > 0; k--) vals.push(`0x${int(0, 0xffffffff).toString(16).padStart(8, '0')}`);
        let text = `static const u32 ${p}_${pick(NOUNS)}_init[] = {\n`;
        for (let k = 0; k < vals.length; k += 4) text += `\t${vals.slice(k, k + 4).join(', ')},\n`;
        return `${text}};\n\n`;
      }],
      [1, () => `static const char * const ${p}_${pick(NOUNS)}_names[] = {\n${Array.from({ length: int(3, 9) }, () => `\t[${this.constName()}] = "${pick(ADJS)}_${pick(NOUNS)}",\n`).join('')}};\n\n`],
    ])();
  }

  opsInit() {
    const p = this.prefix;
    const kind = pick(['file_operations', 'platform_driver', 'pci_driver', 'net_device_ops', 'seq_operations',
      'dev_pm_ops', 'block_device_operations', 'super_operations', 'inode_operations']);
    const members = {
      file_operations: ['owner', 'open', 'release', 'read', 'write', 'unlocked_ioctl', 'mmap', 'poll', 'llseek'],
      platform_driver: ['probe', 'remove', 'shutdown', 'suspend', 'resume'],
      pci_driver: ['name', 'id_table', 'probe', 'remove', 'shutdown'],
      net_device_ops: ['ndo_open', 'ndo_stop', 'ndo_start_xmit', 'ndo_set_rx_mode', 'ndo_tx_timeout', 'ndo_get_stats64'],
      seq_operations: ['start', 'next', 'stop', 'show'],
      dev_pm_ops: ['suspend', 'resume', 'freeze', 'thaw', 'poweroff', 'restore'],
      block_device_operations: ['owner', 'open', 'release', 'ioctl', 'getgeo', 'submit_bio'],
      super_operations: ['alloc_inode', 'free_inode', 'write_inode', 'evict_inode', 'put_super', 'sync_fs', 'statfs'],
      inode_operations: ['lookup', 'create', 'link', 'unlink', 'mkdir', 'rmdir', 'rename', 'setattr', 'getattr'],
    }[kind];
    let text = `static const struct ${kind} ${p}_${pick(NOUNS)}_${kind.split('_')[0]}_ops = {\n`;
    for (const m of members) {
      if (chance(0.25)) continue;
      const v = m === 'owner' ? 'THIS_MODULE' : m === 'name' ? `"${p}"` : m === 'id_table' ? `${p}_pci_tbl`
        : this.functions.length && chance(0.6) ? pick(this.functions) : `${p}_${m}`;
      text += `\t.${m}${'\t'.repeat(Math.max(1, 3 - Math.floor((m.length + 2) / 8)))}= ${v},\n`;
    }
    return `${text}};\n\n`;
  }

  syscall() {
    const n = int(1, 4);
    const args = [];
    for (let k = 0; k < n; k++) args.push(pick(['int, fd', 'unsigned int, flags', 'const char __user *, filename', 'size_t, count', 'unsigned long, arg', 'pid_t, pid']));
    const vars = ['fd', 'flags', 'arg', 'count'];
    return `SYSCALL_DEFINE${n}(${this.prefix}_${pick(VERBS)}, ${args.join(', ')})\n{\n\tlong ret;\n\n${this.stmts(vars, 1, int(2, 6), [])}\treturn ret;\n}\n\n`;
  }

  ifdefBlock() {
    const cfg = pick(this.configs);
    const name = this.fnName();
    let text = `#${chance(0.5) ? `ifdef ${cfg}` : `if defined(${cfg}) && ${chance(0.5) ? `IS_ENABLED(${pick(this.configs)})` : `!defined(${pick(this.configs)})`}`}\n`;
    text += `${this.fn({ name })}\n`;
    if (chance(0.4)) text += `${this.fn()}\n`;
    if (chance(0.6)) text += `#else\nstatic inline int ${name}(void)\n{\n\treturn ${pick(['0', `-${pick(ERRNOS)}`])};\n}\n`;
    return `${text}#endif /* ${cfg} */\n\n`;
  }

  prototypes() {
    let text = '';
    for (let k = int(2, 10); k > 0; k--) {
      const params = this.params(true);
      const name = this.fnName();
      this.functions.push(name);
      text += `${pick(['extern ', '', ''])}${pick(['int', 'void', 'long', 'bool', `struct ${this.structName()} *`, 'u32', 'ssize_t'])} ${name}(${params.length ? params.join(', ') : 'void'});\n`;
    }
    return `${text}\n`;
  }

  inlineStubBlock() {
    const cfg = pick(this.configs);
    let text = `#ifdef ${cfg}\n`;
    const protos = [];
    for (let k = int(1, 4); k > 0; k--) {
      const name = this.fnName();
      const params = this.params(false);
      protos.push({ name, params });
      text += `int ${name}(${params.length ? params.join(', ') : 'void'});\n`;
    }
    text += '#else\n';
    for (const { name, params } of protos) text += `static inline int ${name}(${params.length ? params.join(', ') : 'void'})\n{\n\treturn ${pick(['0', `-${pick(ERRNOS)}`])};\n}\n`;
    return `${text}#endif\n\n`;
  }

  /** One top-level item of filler. */
  item() {
    if (this.isHeader) {
      return weighted([[2, () => this.macros()], [3, () => this.structDef()], [1, () => this.enumDef()],
        [2, () => this.prototypes()], [3, () => `${this.fn({ isInline: true })}\n`], [1, () => this.inlineStubBlock()],
        [1, () => this.blockComment('', int(2, 5)) + '\n']])();
    }
    return weighted([[1.5, () => this.macros()], [1.5, () => this.structDef()], [0.5, () => this.enumDef()],
      [1, () => this.globals()], [12, () => `${this.fn()}\n`], [1, () => this.ifdefBlock()], [0.4, () => this.opsInit()],
      [0.15, () => this.syscall()], [0.6, () => `EXPORT_SYMBOL${chance(0.6) ? '_GPL' : ''}(${this.functions.length ? pick(this.functions) : this.fnName()});\n\n`],
      [0.3, () => this.blockComment('', int(2, 6)) + '\n']])();
  }

  // ------------------------------------------------------------ the whole file

  /** Fills the file up to its target size; `markerFns` marker functions are woven in. */
  build(markerPlan) {
    const guard = `_${upper(this.relPath.replace(/^include\//, '').replace(/[^a-zA-Z0-9]/g, '_'))}`;
    this.emitFiller(this.licence());
    if (this.isHeader) this.emitFiller(`#ifndef ${guard}\n#define ${guard}\n\n`);
    this.emitFiller(this.includes());
    this.emitFiller(this.macros());
    this.emitFiller(this.structDef());
    // Marker functions go at sizes spread over the file.
    const at = markerPlan.map(() => int(Math.floor(this.target * 0.1), Math.floor(this.target * 0.9))).sort((a, b) => a - b);
    let next = 0;
    while (this.size < this.target) {
      if (next < markerPlan.length && this.size >= at[next]) {
        this.emit(this.markerFunction(markerPlan[next++]));
        continue;
      }
      this.emitFiller(this.item());
    }
    while (next < markerPlan.length) this.emit(this.markerFunction(markerPlan[next++]));
    if (this.isHeader) {
      this.emitFiller(`#endif /* ${guard} */\n`);
    } else if (chance(0.4)) {
      const author = `${pick(['Jane', 'John', 'Alex', 'Maria', 'Wei', 'Priya', 'Olaf', 'Kenji'])} ${pick(['Doe', 'Smith', 'Kowalski', 'Chen', 'Nakamura', 'Iyer', 'Schmidt'])}`;
      this.emitFiller(`module_init(${this.functions.length ? pick(this.functions) : `${this.prefix}_init`});\nmodule_exit(${this.prefix}_exit);\n\n`
        + `MODULE_AUTHOR("${author} <${author.split(' ')[0].toLowerCase()}@example.org>");\nMODULE_DESCRIPTION("${pick(ADJS)} ${pick(NOUNS)} ${pick(['driver', 'support', 'helpers'])}");\nMODULE_LICENSE("GPL");\n`);
    }
    return this.parts.join('');
  }

  /** A function whose body holds the given markers (a list of marker specs). */
  markerFunction(specs) {
    const state = { used: new Set(), objs: new Set(), placeholders: [] };
    const markers = specs.map((spec) => this.marker(spec, state));
    const reserved = new Set([...state.objs, ...state.used]);
    const text = this.fn({ isInline: this.isHeader, markers, reserved });
    // The filler of this function comes from the word lists too: sanitize it,
    // then put the markers (kept aside as placeholders) back.
    const clean = sanitize(text).replace(/\u0000(\d+)\u0000/g, (_, k) => state.placeholders[Number(k)]);
    this.markerCount += markers.length;
    for (const m of markers) { if (m.form === 'linux') this.linuxMarkers++; else this.evMarkers++; }
    return `${clean}\n`;
  }

  /** Builds one marker: its local declarations and its statement text at a given indent. */
  marker(spec, state) {
    let decls = '';
    const used = state.used;
    const local = (type, init) => {
      let v = pick(['nr', 'len', 'sector', 'pid', 'state', 'flags', 'cpu', 'order', 'count', 'bytes', 'idx', 'prio',
        'pfn', 'seq', 'qlen', 'tag', 'mode', 'delta', 'addr', 'id']);
      let name = `m_${v}`;
      for (let n = 2; used.has(name); n++) name = `m_${v}${n}`;
      used.add(name);
      decls += `\t${type}${type.endsWith('*') ? '' : ' '}${name} = ${init};\n`;
      return name;
    };
    const obj = pick(['rq', 'prev', 'page', 'skb', 'inode', 'bio', 'dev', 'sk', 'task', 'folio', 'req', 'ctx']);
    if (!state.objs.has(obj)) {
      state.objs.add(obj);
      decls += `\tstruct ${this.structName()} *${obj} = ${this.prefix}_${pick(NOUNS)}_current();\n`;
    }
    let marker;
    if (spec.form === 'linux') {
      const TM = [
        ['%d', 'int', () => local('int', `${obj}->${pick(NOUNS)}`)],
        ['%u', 'unsigned int', () => `${obj}->nr_${pick(NOUNS)}s`],
        ['%u', 'unsigned int', () => local('unsigned int', this.number())],
        ['%ld', 'long', () => `(long)${obj}->${pick(NOUNS)}`],
        ['%lu', 'unsigned long', () => local('unsigned long', `${obj}->${pick(NOUNS)}`)],
        ['%llu', 'unsigned long long', () => `(unsigned long long)${obj}->${pick(['sector', 'offset', 'seq', 'bytes', 'blocknr'])}`],
        ['%lld', 'long long', () => `(long long)${obj}->${pick(['delta', 'offset', 'time'])}`],
        ['%s', 'const char *', () => `${obj}->${pick(['name', 'comm', 'label'])}`],
        ['%p', 'void *', () => `${obj}`],
        ['%zu', 'size_t', () => local('size_t', `sizeof(*${obj})`)],
        ['%x', 'unsigned int', () => `${obj}->${pick(['flags', 'mask', 'cmd_flags'])}`],
        ['%lx', 'unsigned long', () => `${obj}->${pick(['pfn', 'addr', 'state'])}`],
      ];
      const nfields = spec.fields;
      if (nfields === 0) {
        marker = `trace_mark(${spec.name}, MARK_NOARGS);`;
      } else {
        const words = [];
        const args = [];
        const fieldNames = new Set();
        for (let k = 0; k < nfields; k++) {
          const [conv, , make] = pick(TM);
          let fname = pick(['sector', 'nr', 'pid', 'prev_pid', 'next_pid', 'state', 'len', 'order', 'dev', 'name',
            'cpu', 'flags', 'ino', 'bytes', 'count', 'prio', 'irq', 'ret', 'pfn', 'seq', 'qlen', 'size', 'addr', 'tag']);
          for (let n = 2; fieldNames.has(fname); n++) fname = `${fname.replace(/\d+$/, '')}${n}`;
          fieldNames.add(fname);
          words.push(`${fname} ${conv}`);
          args.push(make());
        }
        let fmt = `"${words.join(' ')}"`;
        if (words.length > 1 && chance(0.2)) {
          const cut = int(1, words.length - 1);
          fmt = `"${words.slice(0, cut).join(' ')} "\n\t\t   "${words.slice(cut).join(' ')}"`;
        }
        const oneLine = `trace_mark(${spec.name}, ${fmt}, ${args.join(', ')});`;
        marker = oneLine.length < 70 && !fmt.includes('\n') ? oneLine
          : `trace_mark(${spec.name}, ${fmt},\n\t\t   ${args.join(', ')});`;
      }
    } else {
      const EV = [
        ['pid_t', () => `${obj}->pid`], ['long', () => `${obj}->state`], ['int', () => local('int', `${obj}->${pick(NOUNS)}`)],
        ['unsigned int', () => `${obj}->nr_${pick(NOUNS)}s`], ['unsigned long', () => `${obj}->${pick(['pfn', 'flags', 'index'])}`],
        ['u32', () => local('u32', this.number())], ['u64', () => `${obj}->${pick(['bytes', 'seq', 'sector'])}`],
        ['size_t', () => local('size_t', `sizeof(*${obj})`)], ['loff_t', () => `${obj}->${pick(['pos', 'i_size'])}`],
        ['const char *', () => `${obj}->${pick(['name', 'comm'])}`], ['struct page *', () => local('struct page *', `virt_to_page(${obj})`)],
        ['void *', () => obj], ['gfp_t', () => local('gfp_t', 'GFP_KERNEL')], ['sector_t', () => `${obj}->sector`],
      ];
      const handlers = shuffle(['MARKER_PRINTK', 'MARKER_TRACE', 'MARKER_PROBE']).slice(0, weighted([[3, 1], [3, 2], [1, 3]]));
      const pairs = [];
      const seen = new Set();
      for (let k = 0; k < spec.fields; k++) {
        let type;
        let expr;
        for (let tries = 0; tries < 8 && (!expr || seen.has(expr)); tries++) {
          let make;
          [type, make] = pick(EV);
          expr = make();
        }
        seen.add(expr);
        pairs.push(`${type}, ${expr}`);
      }
      const head = `evmarker(${spec.name}, ${handlers.join(' | ')}, ${spec.fields}`;
      const oneLine = `${head}${pairs.length ? `, ${pairs.join(', ')}` : ''});`;
      marker = oneLine.length < 72 ? oneLine : `${head},\n\t\t ${pairs.join(',\n\t\t ')});`;
    }
    return {
      form: spec.form,
      marker,
      decls,
      // A placeholder that markerFunction() replaces with the statement.
      text: (indent) => `\u0000${state.placeholders.push(`${indent}${marker.replaceAll('\n\t\t', `\n${indent}\t`)}\n`) - 1}\u0000`,
    };
  }
}

// ---------------------------------------------------------------- the tree

function planTree(opts) {
  // Files per directory, by weight; headers in include/, a share elsewhere.
  const weights = DIRS.map(([, w]) => w);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const files = [];
  const namesByDir = new Map();
  for (let k = 0; k < opts.files; k++) {
    let r = rnd() * totalWeight;
    let d = 0;
    while ((r -= weights[d]) >= 0 && d < DIRS.length - 1) d++;
    const dir = DIRS[d][0];
    const isHeader = dir.startsWith('include') || dir.endsWith('/asm') || chance(0.14);
    if (!namesByDir.has(dir)) namesByDir.set(dir, new Set());
    const names = namesByDir.get(dir);
    const prefix = prefixOf(dir);
    let stem;
    do {
      stem = weighted([[3, () => `${pick(NOUNS)}`], [3, () => `${prefix}_${pick(NOUNS)}`], [2, () => `${pick(NOUNS)}_${pick(VERBS)}`],
        [1, () => `${pick(ADJS)}-${pick(NOUNS)}`], [1, () => `${prefix}${int(2, 99)}`], [1, () => `${pick(NOUNS)}${pick(['', 's', '_ops', '_core', '_lib', '_util'])}`]])();
    } while (names.has(stem));
    names.add(stem);
    files.push({ relPath: `${dir}/${stem}.${isHeader ? 'h' : 'c'}`, dir, isHeader, size: 0, markers: [] });
  }

  // Sizes: most files 5-40 KB, a few under 5 KB; then enough of them turned
  // into large files (mostly 100-300 KB, some 40-100 KB) to reach --mb.
  const target = opts.mb * 1e6;
  let sum = 0;
  for (const f of files) {
    f.size = chance(0.08) ? int(800, 5000) : logUniform(5000, 40000);
    if (f.isHeader && chance(0.5)) f.size = Math.round(f.size * 0.5);
    sum += f.size;
  }
  const order = shuffle([...files.keys()]);
  let j = 0;
  while (sum < target && j < order.length) {
    const f = files[order[j++]];
    const old = f.size;
    f.size = chance(0.25) ? logUniform(40000, 100000) : logUniform(100000, 300000);
    sum += f.size - old;
  }
  // Far more MB than 300 KB a file allows, or fewer than the small files
  // already make: scale every file (the size classes then stretch).
  if (sum < target || (j === 0 && sum > target * 1.05)) {
    const scale = target / sum;
    for (const f of files) f.size = Math.max(400, Math.round(f.size * scale));
  }

  // Marker files: round(files × ratio) of them, never tiny ones; 3-8 markers
  // each, both forms, spread over 1-3 functions.
  const nMarkerFiles = opts.markerRatio > 0 ? Math.min(files.length, Math.max(1, Math.round(files.length * opts.markerRatio))) : 0;
  const candidates = shuffle([...files.keys()]);
  const markerNames = new Set();
  const markerName = (prefix) => {
    const base = `${prefix.replace(/^_+/, '')}_${pick(NOUNS)}_${pick(VERBS)}`;
    let name = base;
    for (let n = 2; markerNames.has(name); n++) name = `${base}_${n}`;
    markerNames.add(name);
    return name;
  };
  for (const idx of candidates.slice(0, nMarkerFiles)) {
    const f = files[idx];
    f.size = Math.max(f.size, 3000);
    const n = int(3, 8);
    const fns = Math.min(n, int(1, 3));
    const groups = Array.from({ length: fns }, () => []);
    for (let k = 0; k < n; k++) {
      const form = k === 0 ? 'linux' : k === 1 ? 'ev' : pick(['linux', 'ev']);
      groups[k < fns ? k : int(0, fns - 1)].push({ form, name: markerName(prefixOf(f.dir)), fields: weighted([[1, 0], [3, 1], [4, 2], [3, 3], [1, 4]]) });
    }
    f.markers = groups;
  }
  return files;
}

function prepareOutDir(out) {
  if (fs.existsSync(out)) {
    const st = fs.statSync(out);
    if (!st.isDirectory()) die(`${out} exists and is not a directory`);
    const entries = fs.readdirSync(out);
    if (entries.length > 0 && !entries.includes('.manifest.json')) {
      die(`${out} is not empty and holds no .manifest.json: refusing to replace it`);
    }
    fs.rmSync(out, { recursive: true, force: true });
  }
  fs.mkdirSync(out, { recursive: true });
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  rnd = makeRng(`kmark-gen-tree:${opts.seed}`);
  const plan = planTree(opts);
  prepareOutDir(opts.out);

  const made = new Set();
  let bytes = 0;
  let markers = 0;
  let linuxMarkers = 0;
  let evMarkers = 0;
  let cFiles = 0;
  let hFiles = 0;
  const markerFiles = [];
  for (const f of plan) {
    const writer = new FileWriter(f.relPath, f.dir, f.isHeader, f.size);
    const text = writer.build(f.markers);
    const dir = path.join(opts.out, f.dir);
    if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
    fs.writeFileSync(path.join(opts.out, f.relPath), text);
    bytes += text.length;
    if (f.isHeader) hFiles++; else cFiles++;
    if (writer.markerCount > 0) {
      markers += writer.markerCount;
      linuxMarkers += writer.linuxMarkers;
      evMarkers += writer.evMarkers;
      markerFiles.push({ path: f.relPath, markers: writer.markerCount });
    }
  }

  const manifest = {
    generator: 'bench/gen-tree.mjs',
    version: GENERATOR_VERSION,
    options: { files: opts.files, mb: opts.mb, markerRatio: opts.markerRatio, seed: opts.seed },
    files: plan.length,
    cFiles,
    hFiles,
    bytes,
    mb: Number((bytes / 1e6).toFixed(1)),
    markerFiles: markerFiles.length,
    markers,
    linuxMarkers,
    evMarkers,
    markerFileList: markerFiles,
  };
  fs.writeFileSync(path.join(opts.out, '.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`gen-tree: ${plan.length} files (${cFiles} .c, ${hFiles} .h), ${(bytes / 1e6).toFixed(1)} MB, `
    + `${markerFiles.length} marker files, ${markers} markers (${linuxMarkers} trace_mark, ${evMarkers} evmarker) `
    + `-> ${opts.out} in ${seconds.toFixed(1)} s\n`);
}

main();
