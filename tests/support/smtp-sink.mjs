// A real SMTP server process for the tests: listens on 127.0.0.1 (a free port), prints {"port":N}, then one
// JSON line per message received ({ from, to, raw }). Stop it with SIGTERM.
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, done) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      process.stdout.write(`${JSON.stringify({ from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })}\n`);
      done();
    });
  },
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.server.address().port })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
