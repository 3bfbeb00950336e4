/**
 * `make`, remembered by key. For the `Intl` formatters rendering asks for: making one loads the
 * locale's CLDR data and costs far more than what it then formats, while a batch formats thousands of
 * dates in a handful of languages. Keys are language tags, a bounded set; a `make` that throws is
 * asked again next time.
 */
export function memoised<T>(make: (key: string) => T): (key: string) => T {
  const made = new Map<string, T>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
