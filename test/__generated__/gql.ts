/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query UsersQuectel($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    quectel {\n      uid\n      nickname\n      avatarUrl\n      email\n      phone\n      address\n      city\n      province\n      nationality\n      timezone\n      language\n      signature\n      remark\n      userDomain\n      status\n      statusRaw\n      registeredAt\n      lastLoginAt\n      logonMode\n      gender\n      sexRaw\n      linkedAccounts {\n        wechatUnionId\n        wechatOfficialAccountId\n        wechatMiniProgramId\n        alipayUserId\n        appleUserId\n        facebookUserId\n        twitterUserId\n        qqUserId\n      }\n    }\n  }\n}\n\nquery UsersQuectelAndTencentIm($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    quectel {\n      nickname\n    }\n    tencentIm {\n      nick\n    }\n  }\n}\n\nquery UserQuectelThreeTimes($id: ID!) {\n  a: user(id: $id) {\n    quectel {\n      nickname\n    }\n  }\n  b: user(id: $id) {\n    quectel {\n      email\n    }\n  }\n  c: users(ids: [$id, $id]) {\n    quectel {\n      uid\n    }\n  }\n}": typeof types.UsersQuectelDocument,
    "query UsersTencentIm($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    tencentIm {\n      accountId\n      nick\n      gender\n      genderRaw\n      birthday\n      birthdayRaw\n      location\n      selfSignature\n      allowType\n      allowTypeRaw\n      language\n      avatarUrl\n      messageSettings\n      adminForbidType\n      level\n      role\n      customTags {\n        tag\n        value\n      }\n    }\n  }\n}\n\nquery UsersIdsOnly($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n  }\n}\n\nquery UserTencentIm($id: ID!) {\n  user(id: $id) {\n    id\n    tencentIm {\n      nick\n      gender\n      birthday\n    }\n  }\n}\n\nquery UserTencentImTwice($id: ID!) {\n  first: user(id: $id) {\n    tencentIm {\n      nick\n    }\n  }\n  second: user(id: $id) {\n    id\n    tencentIm {\n      avatarUrl\n    }\n  }\n}": typeof types.UsersTencentImDocument,
};
const documents: Documents = {
    "query UsersQuectel($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    quectel {\n      uid\n      nickname\n      avatarUrl\n      email\n      phone\n      address\n      city\n      province\n      nationality\n      timezone\n      language\n      signature\n      remark\n      userDomain\n      status\n      statusRaw\n      registeredAt\n      lastLoginAt\n      logonMode\n      gender\n      sexRaw\n      linkedAccounts {\n        wechatUnionId\n        wechatOfficialAccountId\n        wechatMiniProgramId\n        alipayUserId\n        appleUserId\n        facebookUserId\n        twitterUserId\n        qqUserId\n      }\n    }\n  }\n}\n\nquery UsersQuectelAndTencentIm($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    quectel {\n      nickname\n    }\n    tencentIm {\n      nick\n    }\n  }\n}\n\nquery UserQuectelThreeTimes($id: ID!) {\n  a: user(id: $id) {\n    quectel {\n      nickname\n    }\n  }\n  b: user(id: $id) {\n    quectel {\n      email\n    }\n  }\n  c: users(ids: [$id, $id]) {\n    quectel {\n      uid\n    }\n  }\n}": types.UsersQuectelDocument,
    "query UsersTencentIm($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    tencentIm {\n      accountId\n      nick\n      gender\n      genderRaw\n      birthday\n      birthdayRaw\n      location\n      selfSignature\n      allowType\n      allowTypeRaw\n      language\n      avatarUrl\n      messageSettings\n      adminForbidType\n      level\n      role\n      customTags {\n        tag\n        value\n      }\n    }\n  }\n}\n\nquery UsersIdsOnly($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n  }\n}\n\nquery UserTencentIm($id: ID!) {\n  user(id: $id) {\n    id\n    tencentIm {\n      nick\n      gender\n      birthday\n    }\n  }\n}\n\nquery UserTencentImTwice($id: ID!) {\n  first: user(id: $id) {\n    tencentIm {\n      nick\n    }\n  }\n  second: user(id: $id) {\n    id\n    tencentIm {\n      avatarUrl\n    }\n  }\n}": types.UsersTencentImDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UsersQuectel($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    quectel {\n      uid\n      nickname\n      avatarUrl\n      email\n      phone\n      address\n      city\n      province\n      nationality\n      timezone\n      language\n      signature\n      remark\n      userDomain\n      status\n      statusRaw\n      registeredAt\n      lastLoginAt\n      logonMode\n      gender\n      sexRaw\n      linkedAccounts {\n        wechatUnionId\n        wechatOfficialAccountId\n        wechatMiniProgramId\n        alipayUserId\n        appleUserId\n        facebookUserId\n        twitterUserId\n        qqUserId\n      }\n    }\n  }\n}\n\nquery UsersQuectelAndTencentIm($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    quectel {\n      nickname\n    }\n    tencentIm {\n      nick\n    }\n  }\n}\n\nquery UserQuectelThreeTimes($id: ID!) {\n  a: user(id: $id) {\n    quectel {\n      nickname\n    }\n  }\n  b: user(id: $id) {\n    quectel {\n      email\n    }\n  }\n  c: users(ids: [$id, $id]) {\n    quectel {\n      uid\n    }\n  }\n}"): (typeof documents)["query UsersQuectel($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    quectel {\n      uid\n      nickname\n      avatarUrl\n      email\n      phone\n      address\n      city\n      province\n      nationality\n      timezone\n      language\n      signature\n      remark\n      userDomain\n      status\n      statusRaw\n      registeredAt\n      lastLoginAt\n      logonMode\n      gender\n      sexRaw\n      linkedAccounts {\n        wechatUnionId\n        wechatOfficialAccountId\n        wechatMiniProgramId\n        alipayUserId\n        appleUserId\n        facebookUserId\n        twitterUserId\n        qqUserId\n      }\n    }\n  }\n}\n\nquery UsersQuectelAndTencentIm($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    quectel {\n      nickname\n    }\n    tencentIm {\n      nick\n    }\n  }\n}\n\nquery UserQuectelThreeTimes($id: ID!) {\n  a: user(id: $id) {\n    quectel {\n      nickname\n    }\n  }\n  b: user(id: $id) {\n    quectel {\n      email\n    }\n  }\n  c: users(ids: [$id, $id]) {\n    quectel {\n      uid\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UsersTencentIm($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    tencentIm {\n      accountId\n      nick\n      gender\n      genderRaw\n      birthday\n      birthdayRaw\n      location\n      selfSignature\n      allowType\n      allowTypeRaw\n      language\n      avatarUrl\n      messageSettings\n      adminForbidType\n      level\n      role\n      customTags {\n        tag\n        value\n      }\n    }\n  }\n}\n\nquery UsersIdsOnly($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n  }\n}\n\nquery UserTencentIm($id: ID!) {\n  user(id: $id) {\n    id\n    tencentIm {\n      nick\n      gender\n      birthday\n    }\n  }\n}\n\nquery UserTencentImTwice($id: ID!) {\n  first: user(id: $id) {\n    tencentIm {\n      nick\n    }\n  }\n  second: user(id: $id) {\n    id\n    tencentIm {\n      avatarUrl\n    }\n  }\n}"): (typeof documents)["query UsersTencentIm($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n    tencentIm {\n      accountId\n      nick\n      gender\n      genderRaw\n      birthday\n      birthdayRaw\n      location\n      selfSignature\n      allowType\n      allowTypeRaw\n      language\n      avatarUrl\n      messageSettings\n      adminForbidType\n      level\n      role\n      customTags {\n        tag\n        value\n      }\n    }\n  }\n}\n\nquery UsersIdsOnly($ids: [ID!]!) {\n  users(ids: $ids) {\n    id\n  }\n}\n\nquery UserTencentIm($id: ID!) {\n  user(id: $id) {\n    id\n    tencentIm {\n      nick\n      gender\n      birthday\n    }\n  }\n}\n\nquery UserTencentImTwice($id: ID!) {\n  first: user(id: $id) {\n    tencentIm {\n      nick\n    }\n  }\n  second: user(id: $id) {\n    id\n    tencentIm {\n      avatarUrl\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;