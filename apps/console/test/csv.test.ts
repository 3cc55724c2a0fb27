import { describe, expect, it } from 'vitest';
import { csvCell, redemptionsCsv, toCsv } from '../src/csv.js';
import { redemption } from './fixtures.js';

describe('CSV', () => {
  it('quotes cells with commas, quotes, line breaks or edge spaces, and only those', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('defuses cells Excel would run as formulas but keeps negative numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('-cmd')).toBe("'-cmd");
  });

  it('starts with a UTF-8 BOM and ends rows with CRLF', () => {
    const text = toCsv(['名称', '值'], [['门店', 1]]);
    expect(text).toBe('\uFEFF名称,值\r\n门店,1\r\n');
  });

  it('writes one redemption per row under Chinese headers', () => {
    const row = redemption({ locationName: '南山店, 2 楼', outerStr: undefined });
    const [header, line, end] = redemptionsCsv([row], 'Asia/Shanghai').split('\r\n');
    expect(header).toBe(
      '\uFEFF核销时间（北京时间）,卡券ID,Code,核销来源,门店,核销员,核销码,备注金额,自定义参数,用户,AppID,事件编号',
    );
    expect(line).toBe(
      '2024-05-03 12:00:00,pCard1,123456789,FROM_API,"南山店, 2 楼",oStaff****1,,50,,oUser****abc,wxtest0000000001,7',
    );
    expect(end).toBe('');
  });

  it('writes times in the zone it is given and names it', () => {
    const [header, line] = redemptionsCsv([redemption()], 'UTC').split('\r\n');
    expect(header?.startsWith('\uFEFF核销时间（UTC）,')).toBe(true);
    expect(line?.startsWith('2024-05-03 04:00:00,')).toBe(true);
  });
});
