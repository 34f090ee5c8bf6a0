// smtp_sink.mjs - an SMTP server for the browser tests (RFC 5321, the commands a client sends
// to deliver: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no authentication). Each
// message is written to DIR/N.eml with its envelope as the first lines (X-Envelope-From,
// X-Envelope-To). Usage: node smtp_sink.mjs DIR PORTFILE  (listens on 127.0.0.1, a free port,
// written to PORTFILE once listening). Loopback only; it never relays anything.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const [dir, portFile] = process.argv.slice(2);
if (!dir || !portFile) {
  console.error('usage: node smtp_sink.mjs DIR PORTFILE');
  process.exit(2);
}
fs.mkdirSync(dir, { recursive: true });
let count = 0;

const server = net.createServer((sock) => {
  sock.setEncoding('latin1');
  let buf = '';
  let from = null;
  let to = [];
  let data = null; // the message's lines while in DATA
  const say = (line) => sock.write(line + '\r\n');
  say('220 peerdesk-test-sink ESMTP');
  sock.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\r\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (data !== null) {
        if (line === '.') {
          count += 1;
          const body = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          const head = `X-Envelope-From: ${from}\r\nX-Envelope-To: ${to.join(', ')}\r\n`;
          fs.writeFileSync(path.join(dir, `${count}.eml`), head + body + '\r\n', 'latin1');
          data = null;
          from = null;
          to = [];
          say('250 2.0.0 queued');
        } else {
          data.push(line);
        }
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') { sock.write('250-peerdesk-test-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n'); }
      else if (verb === 'HELO') say('250 peerdesk-test-sink');
      else if (verb === 'MAIL') { from = (line.match(/<([^>]*)>/) || [])[1] || ''; say('250 2.1.0 ok'); }
      else if (verb === 'RCPT') {
        if (from === null) say('503 5.5.1 MAIL first');
        else { to.push((line.match(/<([^>]*)>/) || [])[1] || ''); say('250 2.1.5 ok'); }
      } else if (verb === 'DATA') {
        if (!to.length) say('503 5.5.1 RCPT first');
        else { data = []; say('354 end with <CRLF>.<CRLF>'); }
      } else if (verb === 'RSET') { from = null; to = []; say('250 2.0.0 ok'); }
      else if (verb === 'NOOP') say('250 2.0.0 ok');
      else if (verb === 'QUIT') { say('221 2.0.0 bye'); sock.end(); }
      else say('502 5.5.2 not implemented');
    }
  });
  sock.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(portFile, String(server.address().port));
});
// Exit at once: server.close() would wait for the clients' open connections, and peerdesk's
// mailer keeps its connection open (that wait hung the whole suite).
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
