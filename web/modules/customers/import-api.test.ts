import { describe, expect, it } from 'vitest';
import { csvHeaders, fileProblem, mappingJson } from './import-api.js';

describe('fileProblem', () => {
  it('accepts xlsx and csv up to 20 MB', () => {
    expect(fileProblem({ name: '客户.XLSX', size: 1000 })).toBeNull();
    expect(fileProblem({ name: 'a.csv', size: 20 * 1024 * 1024 })).toBeNull();
    expect(fileProblem({ name: 'a.xls', size: 10 })).toBe('type');
    expect(fileProblem({ name: 'a.csv', size: 20 * 1024 * 1024 + 1 })).toBe('size');
  });
});

describe('csvHeaders', () => {
  it('reads the first line, quoted cells and a BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFF客户姓名,"电话, 手机",序列号\r\n张三,138,SN1\n')
      .buffer as ArrayBuffer;
    expect(csvHeaders(bytes)).toEqual(['客户姓名', '电话, 手机', '序列号']);
  });
});

describe('mappingJson', () => {
  it('keeps chosen fields and ignored columns, skips rows left to the server', () => {
    expect(mappingJson([{ header: '客户', field: 'name' }, { header: '备用', field: '' }, { header: '序列号' }])).toBe(
      '{"客户":"name","备用":null}',
    );
    expect(mappingJson([{ header: '' }])).toBeUndefined();
  });
});
