// Validates the `options` of a field definition the way the Meta API does: types that
// need options require them, types without options refuse them.
import { type ApiError, invalidRequest } from './api-error';
import { newId } from './ids';
import type { FieldType, SelectChoice } from './types';

const DATE_FORMATS: Record<string, string> = {
  iso: 'YYYY-MM-DD',
  local: 'l',
  friendly: 'LL',
  us: 'M/D/YYYY',
  european: 'D/M/YYYY',
};
const TIME_FORMATS: Record<string, string> = { '12hour': 'h:mma', '24hour': 'HH:mm' };
const DURATION_FORMATS = ['h:mm', 'h:mm:ss', 'h:mm:ss.S', 'h:mm:ss.SS', 'h:mm:ss.SSS'];

/** Airtable hands out colours in this order when a choice is created without one. */
export const CHOICE_COLORS = [
  'blueLight2',
  'cyanLight2',
  'tealLight2',
  'greenLight2',
  'yellowLight2',
  'orangeLight2',
  'redLight2',
  'pinkLight2',
  'purpleLight2',
  'grayLight2',
];

function optionsError(fieldName: string, detail: string): ApiError {
  return invalidRequest(`Invalid options for field ${JSON.stringify(fieldName)}: ${detail}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function namedFormat(value: unknown, formats: Record<string, string>): { name: string; format: string } | undefined {
  if (!isObject(value) || typeof value.name !== 'string' || !(value.name in formats)) return undefined;
  return { name: value.name, format: formats[value.name] };
}

export function newChoice(name: string, index: number, color?: string): SelectChoice {
  return { id: newId('sel'), name, color: color ?? CHOICE_COLORS[index % CHOICE_COLORS.length] };
}

function selectOptions(fieldName: string, options: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(options.choices)) throw optionsError(fieldName, 'choices must be an array');
  const seen = new Set<string>();
  const choices = options.choices.map((choice, index) => {
    if (!isObject(choice) || typeof choice.name !== 'string' || choice.name.trim() === '') {
      throw optionsError(fieldName, 'every choice needs a non-empty name');
    }
    if (seen.has(choice.name)) throw optionsError(fieldName, `duplicate choice ${JSON.stringify(choice.name)}`);
    seen.add(choice.name);
    return newChoice(choice.name, index, typeof choice.color === 'string' ? choice.color : undefined);
  });
  return { choices };
}

export function normaliseOptions(fieldName: string, type: FieldType, options: unknown): Record<string, unknown> | undefined {
  if (options !== undefined && options !== null && !isObject(options)) throw optionsError(fieldName, 'options must be an object');
  const given = options ?? undefined; // null and absent mean the same
  switch (type) {
    case 'number': {
      const precision = given?.precision;
      if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 0 || precision > 8) {
        throw optionsError(fieldName, 'number fields need options.precision, an integer from 0 to 8');
      }
      return { precision };
    }
    case 'duration': {
      if (typeof given?.durationFormat !== 'string' || !DURATION_FORMATS.includes(given.durationFormat)) {
        throw optionsError(fieldName, `duration fields need options.durationFormat, one of ${DURATION_FORMATS.join(', ')}`);
      }
      return { durationFormat: given.durationFormat };
    }
    case 'dateTime': {
      const dateFormat = namedFormat(given?.dateFormat, DATE_FORMATS);
      const timeFormat = namedFormat(given?.timeFormat, TIME_FORMATS);
      if (!dateFormat || !timeFormat || typeof given?.timeZone !== 'string') {
        throw optionsError(fieldName, 'dateTime fields need options.timeZone, options.dateFormat.name and options.timeFormat.name');
      }
      return { dateFormat, timeFormat, timeZone: given.timeZone };
    }
    case 'singleSelect':
      if (!given) throw optionsError(fieldName, 'singleSelect fields need options.choices');
      return selectOptions(fieldName, given);
    case 'checkbox':
      // Airtable's UI defaults; accepted here without options to keep seeding short.
      return {
        icon: typeof given?.icon === 'string' ? given.icon : 'check',
        color: typeof given?.color === 'string' ? given.color : 'greenBright',
      };
    default:
      if (given && Object.keys(given).length > 0) throw optionsError(fieldName, `${type} fields take no options`);
      return undefined;
  }
}
