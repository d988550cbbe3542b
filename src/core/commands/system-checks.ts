// Programs that reach beyond the workspace however they are called: they change the machine, reach
// other machines, or fetch and run packages from a registry. Each asks at every level.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Concern, Part } from './parts';
import { baseName } from './parts';
import type { Word } from './words';

const risky = (reason: string): Concern => ({ level: 'risky', reason });

const MACHINE = new Set(['reboot', 'shutdown', 'poweroff', 'halt', 'init', 'telinit', 'systemctl', 'service', 'fdisk', 'sfdisk', 'gdisk', 'parted', 'wipefs', 'mount',
  'umount', 'swapon', 'swapoff', 'losetup', 'crontab', 'at', 'useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'passwd', 'chpasswd', 'visudo', 'iptables', 'ip6tables',
  'nft', 'ufw', 'sysctl', 'modprobe', 'insmod', 'rmmod', 'hostnamectl', 'timedatectl', 'update-alternatives', 'docker', 'podman', 'kubectl', 'nerdctl', 'ctr', 'lxc', 'virsh',
  'pkill', 'killall', 'skill', 'slay', 'xkill', 'mke2fs', 'mkswap', 'debugfs', 'cryptsetup', 'chattr']);
const REMOTE = new Set(['ssh', 'scp', 'sftp', 'telnet', 'rsh', 'rlogin', 'mosh', 'ftp', 'lftp']);
/** Runners that may download a package and run it: `npx foo`, `pnpm dlx foo`. */
const PACKAGE_RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'uvx']);

export function systemConcerns(name: string, args: Word[]): Concern[] {
  const a = args.map((w) => w.value);
  if (MACHINE.has(name) || name.startsWith('mkfs')) return [risky(`${name} changes the machine, not just the workspace`)];
  if (REMOTE.has(name)) return [risky(`${name} connects to another machine`)];
  if ((name === 'nc' || name === 'ncat' || name === 'netcat') && a.some((x) => x === null || /^-[A-Za-z]*[ec]$/.test(x) || x.startsWith('--exec') || x.startsWith('--sh-exec') || x.startsWith('--lua-exec'))) {
    return [risky(`${name} -e runs a program for the other end`)];
  }
  if (name === 'socat' && a.some((x) => x === null || /(^|,|:)(EXEC|SYSTEM):/i.test(x))) return [risky('socat EXEC runs a program for the other end')];
  // `kill -9 -1` and negative pids reach every process the user owns, the editor included.
  if (name === 'kill' && killsMany(a)) return [risky('kill of every process or of a whole group')];
  if (name === 'fuser' && a.some((x) => x === null || /^-[A-Za-z]*k/.test(x))) return [risky('fuser -k kills the processes using a file')];
  return [];
}

/** `kill -1`, `kill -9 -1`, `kill -- -PGID`: a negative pid after the signal, or a pid only known at run time. */
function killsMany(a: (string | null)[]): boolean {
  let i = 0;
  if (a[0] !== undefined && a[0] !== null && /^-(\d+|[A-Z]+|SIG[A-Z]+|s|n)$/.test(a[0]) && a.length > 1) i = a[0] === '-s' || a[0] === '-n' ? 2 : 1;
  if (a[i] === '--') i++;
  return a.slice(i).some((x) => x === null || /^-\d+$/.test(x));
}

/** `npx foo` runs foo from node_modules/.bin when it is there, and downloads it otherwise. */
function hasLocalBin(bin: string, part: Part, root: string): boolean {
  const dirs = [...(part.cwds ?? []), root];
  return dirs.some((d) => {
    for (let dir = d; dir.startsWith(root); dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'node_modules', '.bin', bin))) return true;
      if (dir === root) break;
    }
    return false;
  });
}

export function packageRunnerConcerns(part: Part, root: string): Concern[] {
  const nameValue = part.words[0]?.value;
  if (!nameValue) return [];
  const name = baseName(nameValue);
  const args = part.words.slice(1).map((w) => w.value);
  let rest: (string | null)[] | undefined;
  if (PACKAGE_RUNNERS.has(name)) rest = args;
  else if (name === 'npm' && (args[0] === 'exec' || args[0] === 'x')) rest = args.slice(1);
  else if ((name === 'pnpm' || name === 'yarn' || name === 'bun') && args[0] === 'dlx') return [risky(`${name} dlx downloads a package and runs it`)];
  // `npm init foo` / `npm create foo` run create-foo from the registry.
  else if (['npm', 'pnpm', 'yarn', 'bun'].includes(name) && (args[0] === 'create' || (args[0] === 'init' && args.slice(1).some((x) => x === null || !x.startsWith('-'))))) {
    return [risky(`${name} ${args[0]} downloads a package and runs it`)];
  }
  else if ((name === 'pipx' || name === 'uv') && (args[0] === 'run' || (args[0] === 'tool' && args[1] === 'run'))) return [risky(`${name} run downloads a package and runs it`)];
  if (!rest) return [];
  if (name === 'uvx') return [risky('uvx downloads a package and runs it')];
  if (rest.some((x) => x === null || /^(-p|--package|-c|--call|-y|--yes)(=|$)/.test(x))) return [risky(`${name} with a package or script option downloads or runs code the rules cannot see`)];
  const bin = rest.find((x) => x !== null && !x.startsWith('-'));
  if (!bin) return [];
  if (bin.includes('/') || bin.includes('@') || !hasLocalBin(bin, part, root)) return [risky(`${name} ${bin} is not installed in the workspace: it would be downloaded and run`)];
  return [];
}
