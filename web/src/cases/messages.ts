// The cases pages' words, in both languages (typed: English must have every key the Chinese has).
export const zh = {
  title: "诉求",
};

export const en: typeof zh = {
  title: "Cases",
};
