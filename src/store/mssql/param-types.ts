import * as sql from 'mssql';
import type { ColumnType } from '../sql/types';

/**
 * The driver type for a parameter, from the column's logical type. Declaring it (rather than letting the driver
 * guess NVARCHAR(MAX) for every string) keeps comparisons sargable, so index seeks stay index seeks.
 */
export function driverType(t: ColumnType): sql.ISqlType | (() => sql.ISqlType) {
  switch (t.kind) {
    case 'id':
    case 'text':
      return sql.NVarChar(t.length);
    case 'longtext':
    case 'json':
      return sql.NVarChar(sql.MAX);
    case 'int':
      return sql.Int();
    case 'bool':
      return sql.Bit();
    case 'timestamp':
      return sql.VarChar(32);
  }
}
