/**
 * A small OpenID Connect provider for the tests, on a loopback port inside the test process
 * (node:http + jose): discovery document, JWKS, an authorization endpoint that logs in the
 * configured test user at once and redirects back with a code, a token endpoint (client secret,
 * PKCE S256) that returns an RS256 ID token with the nonce and the groups, and userinfo.
 * `misbehave` makes it answer wrongly in one way, to prove the app refuses that.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface TestIdpUser {
  sub: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  groups?: string[];
}

export interface TestIdpOptions {
  clientId?: string;
  clientSecret?: string;
  user: TestIdpUser;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The user the next authorization logs in. */
  user: TestIdpUser;
  misbehave: {
    /** Put this nonce in the ID token instead of the requested one. */
    nonce?: string;
    /** Sign the ID token with a key that is not in the JWKS. */
    foreignKey?: boolean;
    /** Leave the groups out of the ID token (they are still in userinfo). */
    groupsOnlyInUserinfo?: boolean;
    /** The user refuses consent: redirect back with error=access_denied. */
    deny?: boolean;
  };
  /** Requests received, e.g. to check the PKCE parameters. */
  authorizeRequests: URLSearchParams[];
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  user: TestIdpUser;
}

const b64url = (b: Buffer) => b.toString('base64url');

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(json));
}

export async function startTestIdp(opts: TestIdpOptions): Promise<TestIdp> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, TestIdpUser>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: 'server_error', error_description: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const idp: TestIdp = {
    issuer,
    clientId: opts.clientId ?? 'veiligheidskaart',
    clientSecret: opts.clientSecret ?? 'test-geheim-' + randomBytes(8).toString('hex'),
    user: opts.user,
    misbehave: {},
    authorizeRequests: [],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };

  async function idToken(g: Grant, key: CryptoKey): Promise<string> {
    const u = g.user;
    const claims: Record<string, unknown> = { nonce: idp.misbehave.nonce ?? g.nonce, name: u.name, preferred_username: u.preferred_username, email: u.email };
    if (!idp.misbehave.groupsOnlyInUserinfo && u.groups) claims.groups = u.groups;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid! })
      .setIssuer(issuer)
      .setSubject(u.sub)
      .setAudience(g.clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        scopes_supported: ['openid', 'profile', 'email'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') return send(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      idp.authorizeRequests.push(q);
      const redirectUri = q.get('redirect_uri') ?? '';
      if (q.get('client_id') !== idp.clientId || !redirectUri) return send(res, 400, { error: 'invalid_request' });
      const back = new URL(redirectUri);
      if (q.get('state')) back.searchParams.set('state', q.get('state')!);
      if (idp.misbehave.deny) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user denied the request');
      } else {
        if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !q.get('scope')?.split(' ').includes('openid')) {
          return send(res, 400, { error: 'invalid_request' });
        }
        const code = b64url(randomBytes(24));
        grants.set(code, { clientId: idp.clientId, redirectUri, challenge: q.get('code_challenge')!, nonce: q.get('nonce') ?? '', user: structuredClone(idp.user) });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { Location: back.href });
      return void res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = await body(req);
      let clientId = form.get('client_id');
      let secret = form.get('client_secret');
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      if (basic) [clientId, secret] = Buffer.from(basic[1]!, 'base64').toString().split(':').map(decodeURIComponent) as [string, string];
      if (clientId !== idp.clientId || secret !== idp.clientSecret) return send(res, 401, { error: 'invalid_client' });
      const code = form.get('code') ?? '';
      const g = grants.get(code);
      grants.delete(code);
      if (form.get('grant_type') !== 'authorization_code' || !g || g.redirectUri !== form.get('redirect_uri')) return send(res, 400, { error: 'invalid_grant' });
      const verifier = form.get('code_verifier') ?? '';
      if (b64url(createHash('sha256').update(verifier).digest()) !== g.challenge) return send(res, 400, { error: 'invalid_grant', error_description: 'PKCE' });
      const access = b64url(randomBytes(24));
      accessTokens.set(access, g.user);
      return send(res, 200, { access_token: access, token_type: 'Bearer', expires_in: 300, id_token: await idToken(g, idp.misbehave.foreignKey ? foreign.privateKey : privateKey) });
    }
    if (req.method === 'GET' && url.pathname === '/userinfo') {
      const u = accessTokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
      if (!u) return send(res, 401, { error: 'invalid_token' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      return send(res, 200, { sub: u.sub, groups: u.groups ?? [], name: u.name, email: u.email });
    }
    send(res, 404, { error: 'not_found' });
  }

  return idp;
}
