export { default as SignInPage } from './SignInPage';
export { default as SignUpPage } from './SignUpPage';
