import assert from 'node:assert/strict';
import { csvCell, toCsv } from '../../src/web/reports-tab';

describe('reports CSV', () => {
  it('defuses spreadsheet formulas and quotes every cell', () => {
    for (const bad of ['=HYPERLINK("http://evil")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])
      assert.ok(csvCell(bad).startsWith(`"'`), bad);
    assert.equal(csvCell('St Mary\'s "North"'), '"St Mary\'s ""North"""');
    assert.equal(csvCell('<5'), '"<5"');
  });

  it('starts with a UTF-8 BOM and carries the same figures as the tab, withheld ones as "<5"', () => {
    const csv = toCsv({
      headline: 'Report',
      subtitle: '',
      footnote: '',
      sections: [{ title: 'Concerns', facts: [{ title: 'Open', value: '2' }] }],
      breakdowns: [
        {
          title: 'Participants by site',
          labelHeading: 'Site',
          rows: [{ label: '=cmd', mentees: '<5', mentors: '7', all: '9' }],
        },
      ],
    });
    assert.equal(
      csv,
      '\uFEFF"Section","Measure","Mentees","Mentors","All"\r\n"Concerns","Open","","","2"\r\n"Participants by site","\'=cmd","<5","7","9"\r\n',
    );
  });
});
