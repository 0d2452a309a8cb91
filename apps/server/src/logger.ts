import pino from 'pino';

// pino: structured JSON logs, fast, maintained; request ids are added per request as child loggers.
export const createLogger = (level: string) => pino({ level, base: { service: 'signoff' } });
export type Logger = pino.Logger;
