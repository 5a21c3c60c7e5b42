// The staff pages' words, in both languages (typed: English must have every key the Chinese has).
export const zh = {
  title: "走访登记",
};

export const en: typeof zh = {
  title: "Log visits",
};
