/**
 * An admin changes users: certification, country and standing, from the dashboard's form and over the
 * API, with the same rules (audited; a deactivated user is refused at once; nobody deactivates
 * themselves; only benchmarkers hold a certification; admins only).
 */
import { expect } from 'chai';
import request from 'supertest';
import { testDialect } from '../support/db';
import { expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn } from '../support/pages';

describe(`an admin changes users (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();

  /** posts the edit form of user `id` as the admin, with the token of the admin's dashboard */
  async function postEdit(id: number, fields: Record<string, string>) {
    const admin = suite.cast.agents.admin;
    const dashboard = await expectStatus(admin.get('/dashboard'), 200);
    expect(dashboard.text).to.contain(`action="/admin/users/${id}"`);
    const res = await expectStatus(
      admin
        .post(`/admin/users/${id}`)
        .type('form')
        .send({ _csrf: tokenIn(dashboard.text), ...fields }),
      303,
    );
    // back to the list, or to the user's form when it was refused (shown again with its errors)
    expect(res.headers.location).to.match(new RegExp(`^/dashboard#(users|edit-user-${id})$`));
    return (await admin.get('/dashboard')).text;
  }
  const userRow = async (id: number) => (await suite.cast.agents.admin.get('/api/users')).body.find((u: { id: number }) => u.id === id);

  it("changes a benchmarker's certification and country from the form, audited", async () => {
    const { ids } = suite.cast;
    const page = await postEdit(ids.co, { certification: 'gold', country: 'se', active: 'on' });
    expect(page).to.contain('User co@test.example updated.');
    expect(await userRow(ids.co)).to.include({ certification: 'gold', country: 'SE', active: true });
    const audit = await suite.t.db
      .knex('audit_log')
      .where({ action: 'user.update', entity_id: String(ids.co) })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(audit.before)).to.include({ certification: 'silver', country: 'AT' });
    expect(JSON.parse(audit.after)).to.include({ certification: 'gold', country: 'SE' });
  });

  it('deactivates a user (an unticked box), who is refused from the next request on, and activates them again', async () => {
    const { ids, agents } = suite.cast;
    await expectStatus(agents.trainee.get('/api/me'), 200);
    await postEdit(ids.trainee, { country: 'NO' });
    expect((await userRow(ids.trainee)).active).to.equal(false);
    await expectStatus(agents.trainee.get('/api/me'), 401);
    const relogin = await request(suite.t.app)
      .post('/api/login')
      .send({ email: 'trainee@test.example', password: 'correct horse battery' });
    expect(relogin.status).to.be.oneOf([401, 403]);
    await postEdit(ids.trainee, { active: 'on' });
    expect((await userRow(ids.trainee)).active).to.equal(true);
  });

  it('refuses what the rules forbid, with the reason, and changes nothing', async () => {
    const { ids, agents } = suite.cast;
    // a certification for a trainee (a crafted form: the page offers none)
    const before = await userRow(ids.trainee);
    const page = await postEdit(ids.trainee, { certification: 'gold', active: 'on' });
    expect(page).to.contain('Only benchmarkers hold a certification.');
    expect(await userRow(ids.trainee)).to.deep.equal(before);
    // the admin's own account: the box is shown disabled, and a crafted form is refused
    const dashboard = (await agents.admin.get('/dashboard')).text;
    expect(dashboard).to.match(new RegExp(`id="eu-${ids.admin}-active" name="active" checked disabled`));
    expect(await postEdit(ids.admin, {})).to.contain('You cannot deactivate your own account.');
    expect((await userRow(ids.admin)).active).to.equal(true);
    const api = await expectStatus(agents.admin.patch(`/api/users/${ids.admin}`).send({ active: false }), 400);
    expect(api.body.error.details[0].path).to.equal('/active');
    // a bad country, an unknown user
    expect(await postEdit(ids.co, { country: 'Sweden', active: 'on' })).to.contain('country');
    expect((await userRow(ids.co)).country).to.not.equal('SWEDEN');
    await expectStatus(agents.admin.patch('/api/users/999999').send({ active: true }), 404);
  });

  it('is for admins only', async () => {
    const { ids, agents } = suite.cast;
    const lead = agents.lead;
    const page = await lead.get('/dashboard');
    expect(page.text).not.to.contain('/admin/users/');
    // the lead's own session token (from the lead's dashboard), on the admin's form: refused, for the role
    const token = tokenIn(page.text);
    expect(token).to.match(/^[0-9a-f]{64}$/);
    const res = await lead.post(`/admin/users/${ids.co}`).type('form').send({ _csrf: token, certification: 'bronze', active: 'on' });
    expect(res.status).to.equal(403);
    await expectStatus(lead.patch(`/api/users/${ids.co}`).send({ certification: 'bronze' }), 403);
    expect((await userRow(ids.co)).certification).to.not.equal('bronze');
  });

  it('shows the form in Norwegian too', async () => {
    const page = await suite.cast.agents.admin.get('/dashboard?lang=nb');
    expect(page.text).to.contain('Endre').and.contain('Lagre endringene').and.contain('Kontoen er aktiv');
  });
});
