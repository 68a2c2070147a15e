import assert from 'node:assert/strict';
import { defuseFormula, toCsv, type TabReport } from '../../src/web/reports-tab';

/** Reads CSV the way a spreadsheet does (quoted cells may hold commas, quotes and line breaks). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('reports CSV', () => {
  it('defuses spreadsheet formulas; leaves everything else as it is', () => {
    for (const bad of ['=HYPERLINK("http://evil")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])
      assert.equal(defuseFormula(bad), `'${bad}`, bad);
    for (const fine of [`St Mary's "North"`, '<5', 'Ysbyty Gwynedd', 'Ninewells, Dundee', ''])
      assert.equal(defuseFormula(fine), fine);
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

  it('quotes commas, quotes, line breaks and any script so a spreadsheet reads each cell back whole', () => {
    const awkward = ['Ninewells, Dundee', `St Mary's "North"`, 'Line one\nline two', 'Zoë Łukasz', 'مستشفى', '=1+1'];
    const report: TabReport = {
      headline: 'Report',
      subtitle: '',
      footnote: '',
      sections: [],
      breakdowns: [
        {
          title: 'Participants by site',
          labelHeading: 'Site',
          rows: awkward.map((label) => ({ label, mentees: '<5', mentors: '5', all: '7' })),
        },
      ],
    };
    const csv = toCsv(report);
    assert.ok(csv.startsWith('\uFEFF'));
    const rows = readCsv(csv.slice(1));
    assert.ok(rows.every((r) => r.length === 5));
    assert.deepEqual(
      rows.slice(1).map((r) => r[1]),
      awkward.map((a) => (a.startsWith('=') ? `'${a}` : a)),
    );
  });
});
