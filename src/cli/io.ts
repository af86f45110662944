// Where the CLI reads and writes: the process by default, buffers in unit tests.

export interface CliIo {
  stdout(data: string | Uint8Array): void;
  stderr(line: string): void;
  readStdin(): Promise<Buffer>;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: (data) => {
      process.stdout.write(data);
    },
    stderr: (line) => {
      process.stderr.write(line.endsWith('\n') ? line : line + '\n');
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    cwd: process.cwd(),
  };
}
