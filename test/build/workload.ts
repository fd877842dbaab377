/**
 * What one run of the sample kernel's workload does, and so what its
 * markers must report (test/build/*.test.ts).
 *
 * What the workload does, and so what the markers must report, comes from
 * init/workload.c and the subsystems it drives: per iteration the fs
 * worker opens /etc/hostname (fd 0), reads 64 bytes twice (6, then 0 at
 * the end of "kmark\n"), seeks to 1 and reads 2, closes, fails to open
 * /etc/motd (-ENOENT), nices itself by 5 and yields; then copies 16 bytes
 * from /dev/zero (fd 0) to /dev/null (fd 1), writes 1 byte to /dev/full,
 * reads 2 bytes of /dev/port at 0x70, and calls getpid. The block worker
 * writes sectors 0 and 8 (4 KiB each, merged into one request) and 64 (512
 * bytes, REQ_WRITE|REQ_SYNC), then reads 8 KiB at sector 0. The net worker
 * opens a packet socket (PF_PACKET 17, SOCK_DGRAM 2, htons(ETH_P_IP) = 8 on
 * a little-endian host), sends "ping" (5 bytes with its NUL) over lo and
 * receives it: its first recv comes before the softirq, -ERESTARTSYS
 * (-512). Four kernel threads per iteration, pids 4(i-1)+1 to 4i, the fs
 * worker first.
 */

/** The pid of iteration i's fs worker, the first of its four threads. */
export const fsPid = (i: number): string => String(4 * (i - 1) + 1);

/** Field values, per marker name, of iteration i, in the order the sites fire. */
export function iteration(i: number): Record<string, string[][]> {
  return {
    fs_open: [
      ['/etc/hostname', '0', '0', '0'],
      ['/etc/motd', '0', '0', '-2'],
      ['/dev/zero', '0', '0', '0'],
      ['/dev/null', '1', '0', '1'],
      ['/dev/full', '1', '0', '0'],
      ['/dev/port', '0', '0', '0'],
    ],
    fs_read: [['0', '64'], ['0', '64'], ['0', '2'], ['0', '16'], ['0', '2']],
    fs_write: [['1', '16'], ['0', '1']],
    fs_lseek: [['0', '1', '0'], ['0', '112', '0']],
    // The old static priority (nice 0: 120) and the nice value asked for.
    sched_set_nice: [[fsPid(i), '120', '5']],
    kernel_getpid: [[fsPid(i), 'kworker/fs']],
    net_socket_create: [['17', '2', '8']],
    block_bio_queue: [
      ['ram0', '0', '4096', '1'],
      ['ram0', '8', '4096', '1'],
      ['ram0', '64', '512', '3'],
      ['ram0', '0', '8192', '0'],
    ],
    // Per bio of each request: offset in bytes, length, data direction.
    brd_transfer: [['0', '4096', '1'], ['4096', '4096', '1'], ['32768', '512', '1'], ['0', '8192', '0']],
  };
}

/** The values of `name` over iterations 1..n. */
export const over = (n: number, name: string, perIteration: (i: number) => Record<string, string[][]> = iteration): string[][] =>
  Array.from({ length: n }, (_, k) => perIteration(k + 1)[name] ?? []).flat();

/** Lookups that miss at boot, when the initcalls create the files and devices. */
export const BOOT_LOOKUP_MISSES = ['/dev/full', '/dev/null', '/dev/port', '/dev/zero', '/etc/hostname'];
