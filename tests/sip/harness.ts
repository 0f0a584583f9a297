import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Process control for the real-SIP end-to-end suite: Kamailio, rtpengine (userspace) and sipp phones, all on
 * 127.0.0.1. Every process is started by PID and stopped by that PID only.
 */
export const SIP_DIR = path.resolve('tests/sip');
export const PORTS = { kamailioUdp: 15060, kamailioWs: 15080, kamailioWss: 15443, rtpengineNg: 12223, sippPhone: 15070, sippPhone2: 15072, sippCaller: 15071, sippExtension: 15073 } as const;
export const SIP_WS_URL = `ws://127.0.0.1:${PORTS.kamailioWs}`;
export const SIP_WSS_URL = `wss://127.0.0.1:${PORTS.kamailioWss}`;
export const SIP_DOMAIN = '127.0.0.1';
/** Must match AGENT_PASSWORD in tests/sip/kamailio.cfg. */
export const SIP_PASSWORD = 'quita-sip-e2e';

/** The tools the suite drives; a missing one fails the run with the package to install (never a skip). */
const TOOLS: Record<string, string> = { kamailio: 'kamailio kamailio-websocket-modules kamailio-tls-modules', rtpengine: 'rtpengine-daemon', sipp: 'sip-tester', baresip: 'baresip', stdbuf: 'coreutils', kamcmd: 'kamailio', openssl: 'openssl' };

export function requireTools(): void {
  const missing = Object.entries(TOOLS).filter(([bin]) => spawnSync('sh', ['-c', `command -v ${bin}`], { env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } }).status !== 0);
  if (missing.length > 0) {
    throw new Error(`The real-SIP suite needs ${missing.map(([b]) => b).join(', ')}: run \`bash scripts/install-test-deps.sh\` (apt packages ${missing.map(([, p]) => p).join(', ')}).`);
  }
  for (const [module, pkg] of [['websocket', 'kamailio-websocket-modules'], ['tls', 'kamailio-tls-modules']]) {
    if (spawnSync('sh', ['-c', `ls /usr/lib/*/kamailio/modules/${module}.so`]).status !== 0) {
      throw new Error(`Kamailio has no ${module} module: apt-get install ${pkg} (bash scripts/install-test-deps.sh).`);
    }
  }
}

export interface Proc {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a process writing straight to its log file (no pipe: it outlives whoever started it cleanly). */
export function spawnLogged(cmd: string, args: string[], logFile: string, cwd?: string, env: Record<string, string> = {}): Proc {
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], cwd, env: { ...process.env, ...env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  fs.closeSync(fd);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    output: () => fs.readFileSync(logFile, 'utf8'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        const r = await exited;
        clearTimeout(t);
        return r;
      }
      return exited;
    },
  };
}

export function waitTcp(port: number, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve();
      });
      s.on('error', () => {
        s.destroy();
        if (Date.now() - t0 > timeoutMs) reject(new Error(`nothing listens on 127.0.0.1:${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Pings rtpengine's ng control socket (bencode over UDP) until it answers pong. */
export async function waitRtpengine(timeoutMs = 10_000): Promise<void> {
  const sock = dgram.createSocket('udp4');
  const t0 = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      sock.on('message', (m) => {
        if (m.toString().includes('pong')) resolve();
      });
      const tick = () => {
        if (Date.now() - t0 > timeoutMs) return reject(new Error('rtpengine did not answer its ping'));
        sock.send('c1 d7:command4:pinge', PORTS.rtpengineNg, '127.0.0.1');
        timer = setTimeout(tick, 100);
      };
      tick();
    });
  } finally {
    clearTimeout(timer);
    sock.close();
  }
}

export async function startRtpengine(runDir: string): Promise<Proc> {
  // userspace only (--table=-1): no kernel module
  const p = spawnLogged('rtpengine', ['--config-file=none', '--table=-1', '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${PORTS.rtpengineNg}`,
    '--port-min=30000', '--port-max=30400', '--foreground', '--log-stderr', '--log-level=5', '--delete-delay=0'], path.join(runDir, 'rtpengine.log'));
  await Promise.race([waitRtpengine(), p.exited.then((r) => { throw new Error(`rtpengine exited (${r.code ?? r.signal}):\n${p.output()}`); })]);
  return p;
}

/** A self-signed certificate for 127.0.0.1 (WSS), made once per run. */
function tlsPair(runDir: string): { cert: string; key: string } {
  const cert = path.join(runDir, 'tls-cert.pem');
  const key = path.join(runDir, 'tls-key.pem');
  if (!fs.existsSync(cert)) {
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl could not make the test certificate: ${r.stderr}`);
  }
  return { cert, key };
}

export async function startKamailio(runDir: string, logName = 'kamailio.log'): Promise<Proc> {
  const tls = tlsPair(runDir);
  const p = spawnLogged('kamailio', ['-f', path.join(SIP_DIR, 'kamailio.cfg'), '-DD', '-E', '-w', runDir, '-P', path.join(runDir, 'kamailio.pid')], path.join(runDir, logName), runDir,
    { QUITA_SIP_TLS_CERT: tls.cert, QUITA_SIP_TLS_KEY: tls.key });
  await Promise.race([Promise.all([waitTcp(PORTS.kamailioWs), waitTcp(PORTS.kamailioWss)]), p.exited.then((r) => { throw new Error(`kamailio exited (${r.code ?? r.signal}):\n${p.output()}`); })]);
  return p;
}

export type UasScenario = 'answer' | 'busy' | 'noanswer' | 'machine';

export interface SippPhone extends Proc {
  /** The SIP messages sipp received and sent (its -trace_msg file). */
  messages(): string;
}

/** A debtor's phone: a sipp UAS for one call (answers after `ringMs` where the scenario answers). */
export function sippPhone(runDir: string, scenario: UasScenario, options: { port?: number; ringMs?: number; name?: string; calls?: number } = {}): SippPhone {
  const port = options.port ?? PORTS.sippPhone;
  const name = options.name ?? `sipp-${scenario}-${port}`;
  const messageFile = path.join(runDir, `${name}.messages.log`);
  fs.rmSync(messageFile, { force: true });
  const args = ['-sf', path.join(SIP_DIR, 'sipp', `uas_${scenario}.xml`), '-i', '127.0.0.1', '-p', String(port), '-m', String(options.calls ?? 1), '-nostdin',
    '-d', String(options.ringMs ?? 500), '-mi', '127.0.0.1', '-mp', String(port === PORTS.sippPhone ? 16000 : 16100),
    '-trace_msg', '-message_file', messageFile, '-trace_err', '-error_file', path.join(runDir, `${name}.errors.log`),
    '-timeout', '60s', '-timeout_error'];
  if (scenario === 'answer') args.push('-rtp_echo');
  const p = spawnLogged('sipp', args, path.join(runDir, `${name}.log`));
  return { ...p, messages: () => (fs.existsSync(messageFile) ? fs.readFileSync(messageFile, 'utf8') : '') };
}

/** The first INVITE sipp received, as text. */
export function receivedInvite(messages: string): string | null {
  const m = /INVITE sip:[^\n]*SIP\/2\.0[\s\S]*?(?=\n\s*\n)/.exec(messages);
  return m ? m[0] : null;
}

export function headerOf(message: string, name: string): string | null {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message);
  return m ? m[1]!.trim() : null;
}


/** A debtor calling one of the operation's numbers: a sipp UAC that hangs up `talkMs` after the answer. */
export function sippCaller(runDir: string, options: { from: string; to: string; talkMs: number }): SippPhone {
  const name = 'sipp-caller';
  const messageFile = path.join(runDir, `${name}.messages.log`);
  fs.rmSync(messageFile, { force: true });
  const args = [`127.0.0.1:${PORTS.kamailioUdp}`, '-sf', path.join(SIP_DIR, 'sipp', 'uac_call.xml'), '-s', options.to, '-key', 'from_number', options.from,
    '-i', '127.0.0.1', '-p', String(PORTS.sippCaller), '-m', '1', '-nostdin', '-d', String(options.talkMs), '-mi', '127.0.0.1', '-mp', '16200',
    '-trace_msg', '-message_file', messageFile, '-trace_err', '-error_file', path.join(runDir, `${name}.errors.log`), '-timeout', '60s', '-timeout_error'];
  const p = spawnLogged('sipp', args, path.join(runDir, `${name}.log`));
  return { ...p, messages: () => (fs.existsSync(messageFile) ? fs.readFileSync(messageFile, 'utf8') : '') };
}

/** Stops the Kamailio named in the run's pid file (a test may have restarted it), by that PID only. */
export async function stopKamailioByPidFile(runDir: string): Promise<void> {
  const file = path.join(runDir, 'kamailio.pid');
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 60 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
  if (alive()) process.kill(pid, 'SIGKILL');
}

export interface Baresip extends Proc {
  /** DTMF digits baresip received, in order (RFC 4733 telephone events). */
  dtmf(): string;
}

/** A debtor's phone that registers with `number` over UDP and answers by itself (tests/sip/baresip/config). */
export async function startBaresip(runDir: string, number: string): Promise<Baresip> {
  const dir = path.join(runDir, 'baresip');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(SIP_DIR, 'baresip', 'config'), path.join(dir, 'config'));
  fs.writeFileSync(path.join(dir, 'contacts'), '');
  // outbound: like a real phone, every request it starts goes through the proxy (a transfer's new call too)
  fs.writeFileSync(path.join(dir, 'accounts'), `<sip:${number}@${SIP_DOMAIN}:${PORTS.kamailioUdp};transport=udp>;auth_pass=none;answermode=auto;regint=300;audio_codecs=PCMU,PCMA;outbound="sip:${SIP_DOMAIN}:${PORTS.kamailioUdp};transport=udp"\n`);
  // stdbuf: baresip block-buffers its output into a file or pipe; its log lines must arrive on time
  const p = spawnLogged('stdbuf', ['-oL', '-eL', 'baresip', '-f', dir, '-v'], path.join(runDir, 'baresip.log'));
  const t0 = Date.now();
  while (!/200 OK[^\n]*binding/.test(p.output())) {
    if (p.child.exitCode !== null) throw new Error(`baresip exited:\n${p.output()}`);
    if (Date.now() - t0 > 10_000) throw new Error(`baresip did not register:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ...p, dtmf: () => [...p.output().matchAll(/received event: '(.)' \(end=1\)/g)].map((m) => m[1]).join('') };
}

/** Sets one of Kamailio's shared variables (tests/sip/kamailio.cfg: `alternate`) through its control socket. */
export function kamailioSet(runDir: string, name: string, value: number): void {
  const r = spawnSync('kamcmd', ['-s', `unix:${path.join(runDir, 'kamailio_ctl')}`, 'pv.shvSet', name, 'int', String(value)], {
    env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`kamcmd pv.shvSet ${name} failed: ${r.stderr || r.stdout}`);
}
