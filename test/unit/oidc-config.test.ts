/** The VK_OIDC_* environment (Dutch errors on bad values) and the pure group -> role mapping. */
import { describe, expect, it } from 'vitest';
import { parseOidcEnv } from '../../server/auth/oidc-config.js';
import { loadConfig } from '../../server/config.js';
import { groupsFromClaims, organisationForGroups, rolesForGroups, usernameFromClaims } from '../../server/auth/oidc-mapping.js';

const base = {
  VK_OIDC_ISSUER: 'https://login.gemeente.example/realms/vk',
  VK_OIDC_CLIENT_ID: 'veiligheidskaart',
  VK_OIDC_CLIENT_SECRET: 'geheim',
  VK_PUBLIC_URL: 'https://kaart.gemeente.example',
  VK_OIDC_ROLE_MAP: 'GG-VK-Analisten=analist,GG-VK-Beheer=beheerder',
};

describe('VK_OIDC_* configuration', () => {
  it('is off without VK_OIDC_ISSUER, and the rest of the configuration is unchanged', () => {
    expect(parseOidcEnv({})).toBeNull();
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('parses a full configuration with defaults and derives the redirect URI from VK_PUBLIC_URL', () => {
    const c = parseOidcEnv(base)!;
    expect(c.redirectUri.href).toBe('https://kaart.gemeente.example/api/auth/oidc/callback');
    expect(c.groupsClaim).toBe('groups');
    expect(c.scopes).toBe('openid profile email');
    expect(c.label).toBe('Inloggen met gemeenteaccount');
    expect(c.allowHttp).toBe(false);
    expect([...c.roleMap]).toEqual([
      ['GG-VK-Analisten', ['analist']],
      ['GG-VK-Beheer', ['beheerder']],
    ]);
    expect(parseOidcEnv({ ...base, VK_PUBLIC_URL: 'https://gemeente.example/vk/' })!.redirectUri.href).toBe('https://gemeente.example/vk/api/auth/oidc/callback');
    expect(parseOidcEnv({ ...base, VK_OIDC_REDIRECT_URI: 'https://elders.example/cb' })!.redirectUri.href).toBe('https://elders.example/cb');
  });

  it('accepts LDAP DNs with ";" between entries, and a JSON map with several roles per group', () => {
    const dn = parseOidcEnv({ ...base, VK_OIDC_ROLE_MAP: 'CN=GG-VK,OU=Groepen,DC=gemeente=analist;CN=GG-Beheer,OU=Groepen=beheerder' })!;
    expect(dn.roleMap.get('CN=GG-VK,OU=Groepen,DC=gemeente')).toEqual(['analist']);
    const js = parseOidcEnv({ ...base, VK_OIDC_ROLE_MAP: '{"GG-VK": ["analist", "redacteur"]}', VK_OIDC_ORGANISATION_MAP: '{"GG-Politie": "Politie Oost-Nederland"}' })!;
    expect(js.roleMap.get('GG-VK')).toEqual(['analist', 'redacteur']);
    expect(js.organisationMap.get('GG-Politie')).toBe('Politie Oost-Nederland');
  });

  it('refuses bad values with a Dutch message naming the variable', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ VK_OIDC_ROLE_MAP: 'GG-VK=koning' }, /VK_OIDC_ROLE_MAP: onbekende rol "koning"/],
      [{ VK_OIDC_ROLE_MAP: 'GG-VK' }, /VK_OIDC_ROLE_MAP: "GG-VK" is geen groep=waarde/],
      [{ VK_OIDC_ROLE_MAP: '' }, /VK_OIDC_ROLE_MAP: geef minstens één groep=rol/],
      [{ VK_OIDC_ROLE_MAP: '{kapot' }, /VK_OIDC_ROLE_MAP: geen geldige JSON/],
      [{ VK_OIDC_ISSUER: 'geen url' }, /VK_OIDC_ISSUER: VK_OIDC_ISSUER moet een volledige http\(s\)-URL zijn/],
      [{ VK_OIDC_ISSUER: 'http://login.gemeente.example' }, /VK_OIDC_ISSUER: moet https zijn/],
      [{ VK_OIDC_CLIENT_ID: '' }, /VK_OIDC_CLIENT_ID: verplicht/],
      [{ VK_PUBLIC_URL: '' }, /VK_PUBLIC_URL: VK_PUBLIC_URL moet een volledige/],
      [{ VK_OIDC_SCOPES: 'profile email' }, /VK_OIDC_SCOPES: moet de scope openid bevatten/],
    ];
    for (const [over, msg] of bad) expect(() => parseOidcEnv({ ...base, ...over }), JSON.stringify(over)).toThrow(msg);
    const { VK_PUBLIC_URL: _, ...noUrl } = base;
    expect(() => parseOidcEnv(noUrl)).toThrow(/zet VK_OIDC_REDIRECT_URI of VK_PUBLIC_URL/);
    const { VK_OIDC_ROLE_MAP: __, ...noMap } = base;
    expect(() => loadConfig(noMap)).toThrow(/^Ongeldige configuratie: VK_OIDC_ROLE_MAP: verplicht/);
  });

  it('allows plain http only for an issuer on localhost', () => {
    expect(parseOidcEnv({ ...base, VK_OIDC_ISSUER: 'http://127.0.0.1:8081' })!.allowHttp).toBe(true);
  });
});

describe('groups -> roles, organisation and user name', () => {
  const map = new Map([
    ['GG-VK-Analisten', ['analist' as const]],
    ['GG-VK-Beheer', ['beheerder' as const, 'analist' as const]],
  ]);

  it('maps groups to roles in the matrix order, ignoring unmapped groups', () => {
    expect(rolesForGroups(['GG-VK-Beheer', 'Iets', 'GG-VK-Analisten'], map)).toEqual(['analist', 'beheerder']);
    expect(rolesForGroups(['Iets'], map)).toEqual([]);
    expect(rolesForGroups([], map)).toEqual([]);
  });

  it('reads a groups claim as array, single string or dotted path; null when absent', () => {
    expect(groupsFromClaims({ groups: ['a', 1, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsFromClaims({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsFromClaims({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual(['x']);
    expect(groupsFromClaims({}, 'groups')).toBeNull();
  });

  it('picks the first mapped organisation', () => {
    expect(organisationForGroups(['B', 'A'], new Map([['A', 'Org A'], ['B', 'Org B']]))).toBe('Org A');
    expect(organisationForGroups(['C'], new Map([['A', 'Org A']]))).toBeNull();
  });

  it('makes a valid user name from the claims', () => {
    expect(usernameFromClaims({ preferred_username: 'J.Jansen@Gemeente.nl', sub: 's' }, 'preferred_username')).toBe('j.jansen@gemeente.nl');
    expect(usernameFromClaims({ email: 'a b@x.nl', sub: 's' }, 'preferred_username')).toBe('a-b@x.nl');
    expect(usernameFromClaims({ sub: 'x' }, 'preferred_username')).toBe('x-oidc');
    expect(usernameFromClaims({ sub: 'Ä'.repeat(100) }, 'preferred_username')).toMatch(/^[a-z0-9._@-]{2,64}$/);
  });
});
