export * from "./access";
export * from "./masking";
export * from "./scopes";
export * from "./viewer";
