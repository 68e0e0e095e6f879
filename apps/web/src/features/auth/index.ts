export { default as SignInPage } from './components/SignInPage';
export { default as SignUpPage } from './components/SignUpPage';
