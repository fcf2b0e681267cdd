/**
 * Names the emulators' seeds are made from. The seeds pick by user number, so `u7` has the same given name at
 * every emulator (as one person would across providers) while each source writes it its own way.
 */
export const GIVEN_NAMES = [
  "Ada",
  "Bo",
  "Chen",
  "Dilnoza",
  "Emeka",
  "Farah",
  "Gustavo",
  "Hana",
  "Ilya",
  "Jia",
  "Kofi",
  "Lea",
];

export const FAMILY_NAMES = [
  "Wang",
  "Okafor",
  "Silva",
  "Tanaka",
  "Novak",
  "Haddad",
  "Kim",
  "Rossi",
  "Nguyen",
];
