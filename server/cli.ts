import { parseArgs } from 'node:util';
import { Role } from '../core/index.js';
import { configFromEnv } from './config.js';
import { openDatabase } from './database.js';
import { Credentials } from './credentials.js';
import { SqliteUpdateStore } from './update-store.js';
import { ensureFirstWorkspace, startServer } from './app.js';

const USAGE = `Usage: crosswalk <command> [options]

Commands:
  serve                                      start the server (HOST, PORT, DATA_DIR from the environment)
  token --workspace W --role R --name N      print a bearer token for programs (roles: ${Role.options.join(', ')})
  help                                       show this text
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'token':
      return token(rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function serve(): Promise<number> {
  const config = configFromEnv();
  const server = await startServer(config);
  console.log(`Crosswalk is serving on ${server.url} (data in ${config.dataDir})`);
  console.log(`Owner sign-in link (works once, for 24 hours):\n\n  ${server.ownerLink()}\n`);
  const stop = () => {
    console.log('Stopping…');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

function token(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { workspace: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  if (!values.workspace || !values.role || !values.name) throw new UsageError('token needs --workspace, --role and --name');
  const role = Role.safeParse(values.role);
  if (!role.success) throw new UsageError(`unknown role "${values.role}" (roles: ${Role.options.join(', ')})`);
  const config = configFromEnv();
  const db = openDatabase(config.dataDir);
  try {
    const store = new SqliteUpdateStore(db);
    ensureFirstWorkspace(store, config.documentsDir);
    if (!store.hasWorkspace(values.workspace)) throw new UsageError(`no workspace "${values.workspace}"`);
    console.log(new Credentials(db).createBearerToken(values.workspace, role.data, values.name));
  } finally {
    db.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`crosswalk: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`crosswalk: ${(error as Error).message ?? error}\n`);
    process.exit(1);
  },
);
