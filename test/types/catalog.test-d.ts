// novita-vidu/catalog is typed to the letter: a form reads a model's label, task, image count and each
// field's type, limits and default as literal types, and a key or field the spec lacks does not compile.
import { describe, expectTypeOf, it } from "vitest";
import {
  catalog,
  GENERATIONS,
  TASKS,
  type CatalogField,
  type CatalogKey,
  type CatalogModel,
  type CatalogTask,
} from "../../generated/catalog.js";
import type { ModelKey } from "../../generated/models/index.js";

const q3 = catalog["vidu-q3-turbo-i2v"];

describe("the catalog", () => {
  it("has the descriptors' model keys, each a CatalogModel", () => {
    expectTypeOf<CatalogKey>().toEqualTypeOf<ModelKey>();
    expectTypeOf(q3).toMatchTypeOf<CatalogModel>();
    expectTypeOf(q3.fields.images).toMatchTypeOf<CatalogField>();
    // @ts-expect-error no such model
    void catalog["vidu-q9-turbo-i2v"];
  });

  it("gives each model's facts as literal types", () => {
    expectTypeOf(q3.key).toEqualTypeOf<"vidu-q3-turbo-i2v">();
    expectTypeOf(q3.path).toEqualTypeOf<"/v3/async/vidu-q3-turbo-i2v">();
    expectTypeOf(q3.label).toEqualTypeOf<"Q3 Turbo · Image to Video">();
    expectTypeOf(q3.task).toEqualTypeOf<"Image to Video">();
    expectTypeOf(q3.task).toMatchTypeOf<CatalogTask>();
    expectTypeOf(q3.generation).toEqualTypeOf<"Q3">();
    expectTypeOf(q3.images).toEqualTypeOf<{ readonly min: 1; readonly max: null }>();
  });

  it("gives each field's type, limits and default as literal types", () => {
    const { duration, resolution, images } = q3.fields;
    expectTypeOf(duration.type).toEqualTypeOf<"integer">();
    expectTypeOf(duration.minimum).toEqualTypeOf<1>();
    expectTypeOf(duration.maximum).toEqualTypeOf<16>();
    expectTypeOf(duration.default).toEqualTypeOf<5>();
    expectTypeOf(resolution.enum).toEqualTypeOf<readonly ["540p", "720p", "1080p"]>();
    expectTypeOf(resolution.default).toEqualTypeOf<"720p">();
    expectTypeOf(images.required).toEqualTypeOf<true>();
    expectTypeOf(images.holdsImages).toEqualTypeOf<true>();
    expectTypeOf(images.minItems).toEqualTypeOf<1>();
    // @ts-expect-error Q3 Turbo image to video has no aspect_ratio field
    void q3.fields.aspect_ratio;
    // @ts-expect-error a field's limits are read-only
    duration.maximum = 20;
  });

  it("types an array of objects' item fields", () => {
    const subject = catalog["vidu-q2-reference2video"].fields.subjects.items.fields;
    expectTypeOf(subject.images.holdsImages).toEqualTypeOf<true>();
    expectTypeOf(subject.id.required).toEqualTypeOf<true>();
  });

  it("lists the tasks and generations in order, as tuples", () => {
    expectTypeOf(TASKS[0]).toEqualTypeOf<"Text to Video">();
    expectTypeOf(GENERATIONS).toEqualTypeOf<readonly ["Q3", "Q2", "Q1", "2.0"]>();
  });
});
