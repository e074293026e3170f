export { inviteUser } from "./invite-user";
export { listUsers } from "./list-users";
export { removeUser } from "./remove-user";
export { setUserRole } from "./set-user-role";
