/**
 * `GET …/_odata/{version}/$metadata`: the CSDL (OData 4.0 XML) of the entity sets the sandbox serves, their
 * properties and navigation properties, the entity types the navigations lead to, and the enum types
 * (analytics-metadata.md describes the real document; this one lists only what the sandbox plays).
 */
import { EdmType, EntityModel, MODEL_NAMESPACE, NavigationDef, PropertyDef } from "./model";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

function propertyXml(def: PropertyDef, indent: string): string {
  return `${indent}<Property Name="${escape(def.name)}" Type="${escape(def.type.name)}"${def.nullable ? "" : ' Nullable="false"'}/>`;
}

function enumXml(type: EdmType): string {
  const name = type.name.slice(MODEL_NAMESPACE.length + 1);
  const members = Object.entries(type.members ?? {})
    .map(([member, value]) => `        <Member Name="${escape(member)}" Value="${value}"/>`)
    .join("\n");
  return `      <EnumType Name="${escape(name)}"${type.flags ? ' IsFlags="true"' : ""}>\n${members}\n      </EnumType>`;
}

export function metadataXml(models: readonly EntityModel[]): string {
  const types: string[] = [];
  const enums = new Map<string, EdmType>();
  const navTypes = new Map<string, NavigationDef>();
  const noteEnum = (def: PropertyDef) => {
    if (def.type.kind === "Enum") enums.set(def.type.name, def.type);
  };
  for (const model of models) {
    const props = [...model.properties.values()];
    props.forEach(noteEnum);
    const navs = [...model.navigations.values()];
    types.push(
      [
        `      <EntityType Name="${model.typeName}">`,
        `        <Key>`,
        ...model.keys.map((k) => `          <PropertyRef Name="${k}"/>`),
        `        </Key>`,
        ...props.map((p) => propertyXml(p, "        ")),
        ...navs.map((n) => `        <NavigationProperty Name="${n.name}" Type="${MODEL_NAMESPACE}.${n.typeName}"/>`),
        `      </EntityType>`,
      ].join("\n"),
    );
    for (const nav of navs) if (!navTypes.has(nav.typeName)) navTypes.set(nav.typeName, nav);
  }
  for (const nav of navTypes.values()) {
    const props = [...nav.properties.values()];
    props.forEach(noteEnum);
    types.push(
      [
        `      <EntityType Name="${nav.typeName}">`,
        ...props.map((p) => propertyXml(p, "        ")),
        `      </EntityType>`,
      ].join("\n"),
    );
  }
  const sets = models.map(
    (m) => `        <EntitySet Name="${m.entitySet}" EntityType="${MODEL_NAMESPACE}.${m.typeName}"/>`,
  );
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">`,
    `  <edmx:DataServices>`,
    `    <Schema Namespace="${MODEL_NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...types,
    ...[...enums.values()].map(enumXml),
    `    </Schema>`,
    `    <Schema Namespace="Default" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    `      <EntityContainer Name="Container">`,
    ...sets,
    `      </EntityContainer>`,
    `    </Schema>`,
    `  </edmx:DataServices>`,
    `</edmx:Edmx>`,
    ``,
  ].join("\n");
}
