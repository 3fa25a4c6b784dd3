import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorMessage } from '../../../web/api/client.js';

const invalid = new ApiError(400, 'Ongeldige invoer', 'Ongeldige invoer: username: te kort; roles.0: onbekende rol; extra: niet toegestaan', 'about:blank', [
  { path: 'username', message: 'te kort' },
  { path: 'roles.0', message: 'onbekende rol' },
  { path: 'extra', message: 'niet toegestaan' },
]);

describe('describeError (the one error handler of a form)', () => {
  it("puts field errors next to the form's fields and names the others in the message", () => {
    const v = describeError(invalid, ['username', 'roles']);
    expect(v.fields).toEqual({ username: 'te kort', roles: 'onbekende rol' });
    expect(v.message).toBe('Controleer de gemarkeerde velden. extra: niet toegestaan');
  });

  it('falls back to the detail when no field error belongs to the form', () => {
    expect(describeError(invalid, ['email'])).toEqual({ message: errorMessage(invalid), fields: {} });
    const forbidden = new ApiError(403, 'Geen toegang', 'Uw rol geeft geen toegang tot deze gegevens of handeling.', '/problems/geen-toegang');
    expect(describeError(forbidden, ['username'])).toEqual({ message: 'Uw rol geeft geen toegang tot deze gegevens of handeling.', fields: {} });
    expect(describeError(new Error('kapot')).message).toBe('kapot');
  });
});
