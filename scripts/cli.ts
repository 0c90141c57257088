// What every command of this project does around its own work: read the arguments,
// answer --help, explain a usage mistake (exit 2), and turn the outcome into an exit code.

export class UsageError extends Error {}

export interface Command<Args extends { help: boolean }> {
  usage: string;
  parse(argv: string[]): Args;
  /** Resolves to the exit code. */
  run(args: Args): Promise<number>;
}

export function runCommand<Args extends { help: boolean }>(command: Command<Args>): void {
  const main = async (): Promise<number> => {
    let args: Args;
    try {
      args = command.parse(process.argv.slice(2));
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`${err.message}\n\n${command.usage}`);
      return 2;
    }
    if (args.help) {
      console.log(command.usage);
      return 0;
    }
    return command.run(args);
  };
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
