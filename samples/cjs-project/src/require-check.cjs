// Plain CommonJS JavaScript: require("strata-orm") has every name.
const strata = require("strata-orm");
const { createEngine, Session, Table } = strata;
console.log(`cjs require: ${[createEngine, Session, Table].every((f) => typeof f === "function")}, ${Object.keys(strata).length} names`);
