import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Real WebDAV servers for the sync target's tests: Apache 2 (mod_dav_fs) and
 * nginx (dav + dav_ext for PROPFIND), each started as its own foreground
 * process on a free port of 127.0.0.1, with its own config, doc root, pid and
 * lock files in one temp folder. Nothing is mocked: the quirks are the servers'.
 */
export type DavServerKind = 'apache' | 'nginx';

export type DavServer = {
  kind: DavServerKind;
  /** The collection the target is rooted at, with its base path: http://127.0.0.1:PORT/dav/ */
  url: string;
  /** The folder on disk that `url` serves, to check what really got stored. */
  root: string;
  /** Basic auth every request must carry. */
  user: string;
  password: string;
  stop: () => Promise<void>;
};

const APACHE = '/usr/sbin/apache2';
const APACHE_MODULES = '/usr/lib/apache2/modules';
const NGINX = '/usr/sbin/nginx';
const NGINX_DAV_EXT = ['/usr/lib/nginx/modules/ngx_http_dav_ext_module.so', '/usr/share/nginx/modules/ngx_http_dav_ext_module.so'];

/** Why `kind` cannot run on this machine, or null when it can (tests skip with this line). */
export function davServerMissing(kind: DavServerKind): string | null {
  if (kind === 'apache') {
    if (!existsSync(APACHE)) return `${APACHE} is not installed (Debian package apache2)`;
    if (!existsSync(path.join(APACHE_MODULES, 'mod_dav_fs.so'))) return 'mod_dav_fs is not installed (Debian package apache2)';
    return null;
  }
  if (!existsSync(NGINX)) return `${NGINX} is not installed (Debian package nginx)`;
  if (!NGINX_DAV_EXT.some((p) => existsSync(p))) return 'the nginx dav_ext module is not installed (Debian package libnginx-mod-http-dav-ext)';
  return null;
}

const USER = 'outpost';
const PASSWORD = 'p4ss word';

/** Starts `kind`; retries with another port when the one picked was taken meanwhile (files run in parallel). */
export async function startDavServer(kind: DavServerKind): Promise<DavServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const base = await mkdtemp(path.join(os.tmpdir(), `outpost-dav-${kind}-`));
    try {
      return await startOnce(kind, base, await freePort());
    } catch (error) {
      lastError = error;
      await rm(base, { recursive: true, force: true });
      if (!(error instanceof PortTaken)) throw error;
    }
  }
  throw lastError;
}

class PortTaken extends Error {}

/** A port the kernel just handed out; the window until the server binds it is covered by retrying. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startOnce(kind: DavServerKind, base: string, port: number): Promise<DavServer> {
  const root = path.join(base, 'www', 'dav');
  await mkdir(root, { recursive: true });
  const log = path.join(base, 'error.log');
  await writeFile(log, '');
  const child = kind === 'apache' ? await spawnApache(base, port, log) : await spawnNginx(base, port, log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A test process that dies before afterAll must not leave a server holding its port.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  void exited.then(() => process.off('exit', orphanGuard));
  const url = `http://127.0.0.1:${port}/dav/`;
  try {
    await waitUntilServing(kind, port, exited);
  } catch (error) {
    child.kill('SIGKILL');
    const text = await readFile(log, 'utf8').catch(() => '');
    if (/Address already in use|could not bind/i.test(text + String(error))) throw new PortTaken(`${kind}: port ${port} taken`, { cause: error });
    throw new Error(`${kind} did not start: ${String(error)}\n${text}`, { cause: error });
  }
  let stopped = false;
  return {
    kind,
    url,
    root,
    user: USER,
    password: PASSWORD,
    stop: async () => {
      if (!stopped) {
        stopped = true;
        // SIGTERM: both stop their workers and remove their pid files; then the folder goes.
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(base, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(kind: DavServerKind, port: number, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + 10_000;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error('the server exited');
    // The Server header proves the answer is ours, not another test's server that got the port first.
    const server = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.headers.get('server') ?? '')
      .catch(() => null);
    if (server !== null) {
      if (server.toLowerCase().includes(kind)) return;
      throw new Error(`port ${port} answered as ${server}; could not bind`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for the port');
}

/**
 * Apache will not serve as root, so its children run as nobody: the doc root
 * and the lock db folder are handed to nobody, the rest stays root's.
 */
async function spawnApache(base: string, port: number, log: string): Promise<ChildProcess> {
  const www = path.join(base, 'www');
  const locks = path.join(base, 'locks');
  await mkdir(locks);
  const nobody = idsOf('nobody', 'nogroup');
  await chmod(base, 0o755);
  for (const dir of [www, path.join(www, 'dav'), locks]) await chown(dir, nobody.uid, nobody.gid);
  await chown(log, nobody.uid, nobody.gid);
  const htpasswd = path.join(base, 'htpasswd');
  // {SHA} is the one non-crypt scheme Apache reads on Linux; no htpasswd binary needed.
  await writeFile(htpasswd, `${USER}:{SHA}${createHash('sha1').update(PASSWORD).digest('base64')}\n`);
  const modules = ['mpm_event', 'authz_core', 'authn_core', 'authn_file', 'auth_basic', 'authz_user', 'dav', 'dav_fs']
    .map((m) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`)
    .join('\n');
  const conf = path.join(base, 'apache2.conf');
  await writeFile(
    conf,
    `ServerRoot "${base}"
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
${modules}
User nobody
Group nogroup
PidFile "${base}/apache2.pid"
Mutex file:${locks} default
ErrorLog "${log}"
LogLevel warn
StartServers 1
ServerLimit 2
ThreadsPerChild 16
MaxRequestWorkers 32
DocumentRoot "${www}"
DavLockDB "${locks}/davlock"
<Directory "${www}">
  Dav On
  AuthType Basic
  AuthName outpost
  AuthUserFile "${htpasswd}"
  Require valid-user
  Options None
  AllowOverride None
</Directory>
`,
  );
  return spawn(APACHE, ['-f', conf, '-DFOREGROUND'], { stdio: 'ignore' });
}

/** nginx runs its workers as root here (its `user` directive allows it), so nothing needs handing over. */
async function spawnNginx(base: string, port: number, log: string): Promise<ChildProcess> {
  const www = path.join(base, 'www');
  const temp = path.join(base, 'temp');
  await mkdir(temp);
  const module = NGINX_DAV_EXT.find((p) => existsSync(p))!;
  const htpasswd = path.join(base, 'htpasswd');
  await writeFile(htpasswd, `${USER}:{PLAIN}${PASSWORD}\n`);
  const conf = path.join(base, 'nginx.conf');
  await writeFile(
    conf,
    `load_module ${module};
user root root;
daemon off;
worker_processes 1;
pid ${base}/nginx.pid;
error_log ${log} warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  client_max_body_size 0;
  server {
    listen 127.0.0.1:${port};
    root ${www};
    location /dav/ {
      auth_basic outpost;
      auth_basic_user_file ${htpasswd};
      dav_methods PUT DELETE MKCOL COPY MOVE;
      dav_ext_methods PROPFIND OPTIONS;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
  }
}
`,
  );
  // -p keeps nginx from touching /var/log/nginx before it reads our error_log.
  return spawn(NGINX, ['-p', base, '-c', conf, '-e', log], { stdio: 'ignore' });
}

function idsOf(user: string, group: string): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('getent', ['group', group], { encoding: 'utf8' }).stdout.split(':')[2]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`no ${user}:${group} on this machine`);
  return { uid, gid };
}
