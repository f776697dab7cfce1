/** Entry of the local runner's pool processes (tinypool): runs one study job. */
import { runStudyJob } from "./job.js";

export default runStudyJob;
