/** Errors of the embedded local stack. Each has a stable `code` that callers may switch on. */
export class LocalStackError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class JavaMissingError extends LocalStackError {
  constructor(detail: string) {
    super(
      'JAVA_MISSING',
      `DynamoDB Local needs a Java 17+ runtime, and ${detail}. Install one, e.g. ` +
        '`sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu), or put any Java 17+ `java` on PATH.',
    );
  }
}

export class ServiceStartError extends LocalStackError {
  constructor(service: string, detail: string, options?: { cause?: unknown }) {
    super('SERVICE_START_FAILED', `${service} failed to start: ${detail}`, options);
  }
}

export class PortInUseError extends LocalStackError {
  constructor(port: number) {
    // the errno's name, so callers that check `code === 'EADDRINUSE'` keep working
    super('EADDRINUSE', `port ${port} on 127.0.0.1 is already in use (another local stack running?)`);
  }
}

/** A cloud assembly (cdk.out) could not be read or holds something unexpected. */
export class AssemblyError extends LocalStackError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ASSEMBLY_INVALID', message, options);
  }
}
