/**
 * Starts the real `fenghuo serve` for a test file: a loopback port the system chooses, a temporary
 * SQLite database and data folder, the built web app from web/dist, SMS codes written to
 * an outbox file, a system administrator created first with `fenghuo user add`, and on
 * request the small demo data set (`fenghuo demo-data`).
 * `stop()` sends SIGTERM, waits for the exit and removes the temporary folder.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const DIST_DIR = join(WEB_DIR, 'dist')

export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

/** The administrator every test server starts with. */
export const ADMIN = { phone: '13800000001', name: '测试管理员', org: '140000', role: 'system_admin' } as const

export interface RunningServer {
  baseUrl: string
  port: number
  /** The file the server appends SMS messages to (one JSON line each). */
  outboxPath: string
  /** The environment the server runs with (for more CLI calls against the same database). */
  env: NodeJS.ProcessEnv
  /** stdout and stderr so far (for failure messages). */
  output(): string
  /** SIGTERM, wait (bounded), clean up; answers how the process ended. */
  stop(): Promise<ExitStatus>
}

function binary(): string {
  const bin = resolve(WEB_DIR, process.env.FENGHUO_BIN ?? '../build/release/fenghuo')
  if (!existsSync(bin)) throw new Error(`fenghuo binary not found at ${bin} (set FENGHUO_BIN or build the server)`)
  return bin
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<ExitStatus | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  }
  return new Promise((done) => {
    const timer = setTimeout(() => done(null), timeoutMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      done({ code, signal })
    })
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs the fenghuo CLI with `args` in `env`; resolves with stdout, rejects with the output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(binary(), args, { env, cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`fenghuo ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`))
      else done(stdout)
    })
  })
}

export interface StartOptions {
  /**
   * Load the small demo data set (`fenghuo demo-data --scale small`: ~7,400 resources
   * across Shanxi, member units and demo users) before serving.
   */
  demoData?: boolean
  /** More FENGHUO_* settings for the server (e.g. a warning feed). */
  env?: Record<string, string>
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  if (!existsSync(join(DIST_DIR, 'index.html'))) throw new Error(`${DIST_DIR} has no index.html: run npm run build first`)
  const bin = binary()
  const dir = await mkdtemp(join(tmpdir(), 'fenghuo-e2e-'))
  const outboxPath = join(dir, 'sms-outbox.jsonl')
  let output = ''

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    FENGHUO_SERVER_HOST: '127.0.0.1',
    // Port 0: the server binds a free port and logs it ("serving on http://127.0.0.1:PORT"),
    // so no other process can take it between choosing and binding.
    FENGHUO_SERVER_PORT: '0',
    FENGHUO_DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
    FENGHUO_STORAGE_PATH: join(dir, 'data'),
    FENGHUO_WEB_ROOT: DIST_DIR,
    FENGHUO_SMS_OUTBOX_PATH: outboxPath,
    // Every browser signs in from 127.0.0.1: without this the fourth code request of a run
    // would need the image CAPTCHA (its flow is proved by the server tests and the login spec).
    FENGHUO_SESSION_CAPTCHA_AFTER: '0',
    ...options.env,
  }
  // The first administrator, as a newcomer would create one (also migrates the database).
  try {
    await runCli(['user', 'add', '--phone', ADMIN.phone, '--name', ADMIN.name, '--org', ADMIN.org, '--role', ADMIN.role], env, dir)
    if (options.demoData) await runCli(['demo-data', '--scale', 'small'], env, dir)
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }

  const child = spawn(bin, ['serve'], {
    cwd: dir, // no stray ./fenghuo.toml
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))

  let stopped: Promise<ExitStatus> | null = null
  const server: RunningServer = {
    baseUrl: '',
    port: 0,
    outboxPath,
    env,
    output: () => output,
    stop() {
      stopped ??= (async () => {
        try {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          const status = await waitForExit(child, 20_000)
          if (status) return status
          child.kill('SIGKILL')
          await waitForExit(child, 5_000)
          throw new Error(`fenghuo did not stop within 20 s of SIGTERM\n${output}`)
        } finally {
          await rm(dir, { recursive: true, force: true })
        }
      })()
      return stopped
    },
  }

  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await server.stop().catch(() => undefined)
      throw new Error(`fenghuo exited before answering (code ${child.exitCode}, signal ${child.signalCode})\n${output}`)
    }
    const serving = /serving on http:\/\/[^\s:]+:(\d+)/.exec(output)
    if (serving) {
      server.port = Number(serving[1])
      server.baseUrl = `http://127.0.0.1:${server.port}`
      try {
        const res = await fetch(`${server.baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(1000) })
        if (res.status === 200) return server
      } catch {
        // not answering yet
      }
    }
    await sleep(100)
  }
  await server.stop().catch(() => undefined)
  throw new Error(`fenghuo did not log its port and answer /api/v1/health with 200 within 20 s\n${output}`)
}

export interface SmsMessage {
  to: string
  text: string
  at: string
}

/** The messages in the outbox so far (none before the first one is sent). */
export async function readOutbox(path: string): Promise<SmsMessage[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return []
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SmsMessage)
}

/** The login code in a message: its last 6-digit number. */
export function codeIn(text: string): string {
  const code = text.match(/(?<!\d)\d{6}(?!\d)/g)?.at(-1)
  if (!code) throw new Error(`no 6-digit code in the SMS text: ${text}`)
  return code
}

/**
 * Waits for a message to `phone` beyond the first `seen` ones and answers its code.
 * Call `countFor` before requesting the code, then this after.
 */
export async function waitForCode(path: string, phone: string, seen: number, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const mine = (await readOutbox(path)).filter((m) => m.to === phone)
    const last = mine.at(-1)
    if (mine.length > seen && last) return codeIn(last.text)
    if (Date.now() > deadline) throw new Error(`no SMS to ${phone} within ${timeoutMs} ms (outbox ${path})`)
    await sleep(100)
  }
}

/** How many messages `phone` has received so far. */
export async function countFor(path: string, phone: string): Promise<number> {
  return (await readOutbox(path)).filter((m) => m.to === phone).length
}
